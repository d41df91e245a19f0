import type { Principal } from '../../auth/principal.ts';
import { can } from '../../auth/roles.ts';
import { ACTION_STATUSES, DECISIONS } from '../../cases/schemas.ts';
import type { CaseView } from '../../cases/view.ts';
import type { listCaseMeasurements } from '../../followups/service.ts';
import type { MeasurementCounts } from '../../followups/statistics.ts';
import { numberFormats } from '../../followups/format.ts';
import type { ExperienceBeforeAfter } from '../../surveys/beforeAfter.ts';
import { intlTag } from '../i18n/index.ts';
import type { Locale, MessageKey } from '../i18n/index.ts';
import { peopleOptions, type CaseChoices } from './caseChoices.ts';
import type { FormReplay } from './casePage.ts';

type Replayed = (form: string) => FormReplay | undefined;

/** Statuses in which a case's work is over. */
const CLOSED: readonly string[] = ['resolved', 'dropped'];
const BEFORE_READY: readonly string[] = ['new', 'refining', 'reopened'];

/** What the workflow says a case lacks (its own English words), as a message and the section that fills it in. */
const MISSING: Record<string, { label: MessageKey; href: string }> = {
  'current state': { label: 'cases.missing.currentState', href: '#current' },
  'at least one root cause': { label: 'cases.missing.rootCause', href: '#causes' },
  'desired state': { label: 'cases.missing.desiredState', href: '#desired' },
  'a measurable target in the desired state': { label: 'cases.missing.target', href: '#desired' },
  'at least one action': { label: 'cases.missing.action', href: '#actions' },
  'an owner': { label: 'cases.missing.owner', href: '#case-owner' },
  'an owner (a case is never ownerless once past new)': { label: 'cases.missing.owner', href: '#case-owner' },
};

/**
 * A refused move in the page's language: the service names what the case lacks in English (its
 * `missing` detail); each known item has its own message. Anything else is said as the service said it.
 */
export function moveRefusalText(error: { message: string; details?: unknown }, status: string, t: (key: MessageKey, params?: Record<string, string>) => string): string {
  const missing = (error.details as { missing?: unknown } | undefined)?.missing;
  if (!Array.isArray(missing) || missing.length === 0 || !missing.every((m) => typeof m === 'string' && MISSING[m])) return error.message;
  const items = [...new Set(missing.map((m: string) => t(MISSING[m]!.label)))];
  return t('cases.moveMissing', { status: t(`cases.status.${status}` as MessageKey), missing: items.join(', ') });
}

/** Where the case stands: what it lacks before ready, and a button per move the workflow allows from here. */
export function workflowOf(view: CaseView, canEdit: boolean, replay?: FormReplay) {
  // A refused move shows the decision that was sent with it, not the stored one.
  const decisionShown = (s: string) => (replay?.values.status === s && typeof replay.values.decision === 'string' ? replay.values.decision : view.decision);
  const transitions = canEdit
    ? view.nextStatuses
        .filter((s) => s !== 'fix_shipped')
        .map((s) => ({
          status: s,
          label: `cases.move.${s}`,
          needsReason: s === 'dropped',
          offersReason: s === 'reopened' || s === 'refining',
          // Gome's triage decides when a refined case is worked on; the move to ready is where it is settled.
          decisions: s === 'ready' ? DECISIONS.map((d) => ({ value: d, label: `cases.decision.${d}`, selected: d === decisionShown(s) })) : null,
        }))
    : [];
  const wanted = String(replay?.values.status ?? '');
  const refusal = replay?.errors[`move-${wanted}`];
  // What the method still lacks matters while a move can still need it; a closed case needs nothing.
  const missing = CLOSED.includes(view.status) ? [] : view.readiness.missing;
  return {
    missing: missing.map((text) => ({ text, ...MISSING[text] })),
    // "Can be ready" is news only before ready; past it, the page says where the case is instead.
    stage: missing.length > 0 ? null : BEFORE_READY.includes(view.status) ? 'cases.complete' : (`cases.stage.${view.status}` as MessageKey),
    // "Fix shipped" is the follow-up form: it records the day the follow-ups are planned from.
    transitions,
    // A refused move whose button is not on the page (sent from an older page) is said above the buttons.
    moveRefusal: refusal && !transitions.some((t) => t.status === wanted) ? refusal : undefined,
    shipHint: canEdit && view.nextStatuses.includes('fix_shipped'),
  };
}

/** The actions with who may change what: analysts and admins everything, an action's owner its status. */
export function actionItems(view: CaseView, input: { choices: CaseChoices; principal: Principal; today: string; replayed: Replayed }) {
  const canEdit = can(input.principal.role, 'editCases');
  return view.actions.map((a) => {
    const again = input.replayed(`action-${a.id}`);
    const mine = input.principal.userId !== null && a.owner?.id === input.principal.userId;
    const values = again?.values ?? { title: a.title, ownerId: a.owner ? String(a.owner.id) : '', dueDate: a.dueDate ?? '', status: a.status };
    return {
      ...a,
      statusLabel: `cases.actionStatus.${a.status}`,
      // A resolved or dropped case chases nobody: its open actions are not flagged.
      overdue: a.dueDate !== null && a.dueDate < input.today && (a.status === 'todo' || a.status === 'doing') && !CLOSED.includes(view.status),
      canUpdate: canEdit || (can(input.principal.role, 'updateActions') && mine),
      canEditAll: canEdit,
      form: {
        values,
        errors: again?.errors ?? {},
        open: Boolean(again),
        owners: peopleOptions(input.choices, String(values.ownerId ?? '')),
        statuses: ACTION_STATUSES.map((s) => ({ value: s, label: `cases.actionStatus.${s}`, selected: s === values.status })),
      },
    };
  });
}

/** A measurement's counts before and after the fix, as numbers in the page's language. */
function tallyOf(counts: MeasurementCounts, locale: Locale) {
  const n = (value: number) => new Intl.NumberFormat(intlTag[locale]).format(value);
  return { before: n(counts.before.count), beforeDays: counts.before.days, after: n(counts.after.count), afterDays: counts.after.days };
}

/** NPS of the case's topics around the fix, as the measurement stored it; undefined without answers. */
function npsOf(figures: unknown, locale: Locale): { key: 'cases.measure.nps' | 'cases.measure.npsTooFew'; params: Record<string, string> } | undefined {
  const experience = (figures as { experience?: ExperienceBeforeAfter }).experience;
  if (!experience?.hasAnswers) return undefined;
  const pts = numberFormats(locale).npsPoints;
  const { before, after } = experience;
  const change = experience.change.nps;
  if (before.nps.insufficient || after.nps.insufficient || !change) {
    return { key: 'cases.measure.npsTooFew', params: { before: String(before.nps.n), after: String(after.nps.n), needed: String(experience.minSample) } };
  }
  return {
    key: 'cases.measure.nps',
    params: {
      before: pts(before.nps.nps),
      after: pts(after.nps.nps),
      change: pts(change.delta),
      low: change.ci ? pts(change.ci.low) : '—',
      high: change.ci ? pts(change.ci.high) : '—',
    },
  };
}

/** The follow-up plan with each follow-up's measurement, every measurement's sentence in the page's language, and the fix form. */
export function followupOf(
  measured: Awaited<ReturnType<typeof listCaseMeasurements>>,
  input: { locale: Locale; today: string; canShip: boolean; replay: FormReplay | undefined },
) {
  const plan = measured.plan;
  return {
    fix: plan ? { ...plan, followups: plan.followups.map((f) => ({ ...f, measurement: measured.measurements.find((m) => m.id === f.measurementId) })) } : null,
    canShip: input.canShip,
    fixForm: { values: input.replay?.values ?? { shippedOn: plan?.fixDay ?? input.today }, errors: input.replay?.errors ?? {}, max: input.today },
    measurements: measured.measurements.map((m) => ({
      ...m,
      tally: tallyOf(m.counts as MeasurementCounts, input.locale),
      sentenceText: input.locale === 'nb' ? m.sentence.nb : m.sentence.en,
      nps: npsOf(m.figures, input.locale),
      verdictLabel: `cases.verdict.${m.verdict}`,
      kindLabel: `cases.measurementKind.${m.kind}`,
    })),
  };
}
