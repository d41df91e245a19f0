import type { Request, Response } from 'express';
import { can } from '../../auth/roles.ts';
import type { CaseStatus } from '../../cases/schemas.ts';
import { caseHistory, getCase } from '../../cases/service.ts';
import { listComments } from '../../cases/comments.ts';
import type { CaseView } from '../../cases/view.ts';
import type { AppContext } from '../../context.ts';
import { getNote } from '../../fixes/service.ts';
import { listCaseMeasurements } from '../../followups/service.ts';
import { AppError } from '../../http/errors.ts';
import type { Evidence } from '../../inquiries/service.ts';
import { connectionChoices } from '../../trackers/connectionPick.ts';
import { listConnections } from '../../trackers/connections.ts';
import { listLinks } from '../../trackers/links.ts';
import { addDays, dayOf } from '../../time.ts';
import { evidenceChart } from '../charts/charts.ts';
import type { FieldErrors } from '../http/forms.ts';
import { intlTag } from '../i18n/index.ts';
import { localeOf, render, tr } from '../http/page.ts';
import { caseChoices, peopleOptions, sectionForm } from './caseChoices.ts';
import { actionItems, followupOf, workflowOf } from './caseParts.ts';
import { CASE_SECTIONS, valuesOfCase, type FormValues } from './caseForms.ts';
import { historyRows } from './caseHistory.ts';

/** Statuses from which the fix-shipped form applies: shipping from in_progress, re-dating while waiting. */
const SHIPPABLE: readonly CaseStatus[] = ['in_progress', 'fix_shipped', 'verifying'];
/** Statuses a case has once its fix shipped, where measuring by hand is offered. */
const MEASURABLE: readonly CaseStatus[] = ['fix_shipped', 'verifying', 'resolved', 'reopened'];
const LINKABLE: readonly CaseStatus[] = ['ready', 'in_progress', 'fix_shipped', 'verifying', 'resolved', 'reopened'];

/** A form on the case page shown again as it was sent, with what was wrong. */
export interface FormReplay {
  form: string;
  values: FormValues;
  errors: FieldErrors;
}

/** Whole days since a case was opened, as the board and the case page show its age. */
export const ageInDays = (from: Date, now: Date) => Math.max(0, Math.floor((now.getTime() - from.getTime()) / 86_400_000));

function evidenceOf(view: CaseView, t: ReturnType<typeof tr>) {
  const evidence = view.evidence as Evidence | null;
  if (!evidence || !Array.isArray(evidence.daily)) return null;
  return {
    ...evidence,
    chart: evidence.daily.length ? evidenceChart(evidence.daily, evidence.expectedPerDay, t) : undefined,
    expected: evidence.expectedPerDay === null ? null : Math.round(evidence.expectedPerDay * 10) / 10,
  };
}

/** Renders the case page: the method's sections in order, then trackers, comments and history. */
export async function showCase(ctx: AppContext, req: Request, res: Response, caseId: number, replay?: FormReplay, status = 200): Promise<void> {
  const t = tr(res);
  const locale = localeOf(res);
  const principal = req.principal!;
  const role = principal.role;
  const view = await getCase(ctx.pool, caseId);
  const canEdit = can(role, 'editCases');
  const canLink = can(role, 'linkTrackers');
  // The customer-facing note of a resolved case, as far as this person may see it (drafts: reviewers only).
  const fixedNote = getNote(ctx.pool, caseId, principal).catch((error: unknown) => {
    if (error instanceof AppError && error.code === 'NOT_FOUND') return null;
    throw error;
  });
  const [choices, comments, history, links, measured, connections, note] = await Promise.all([
    caseChoices(ctx.pool),
    listComments(ctx.pool, caseId),
    caseHistory(ctx.pool, caseId),
    listLinks(ctx.pool, caseId),
    listCaseMeasurements(ctx, caseId),
    canLink ? listConnections(ctx.pool) : Promise.resolve([]),
    fixedNote,
  ]);
  const replayed = (form: string) => (replay?.form === form ? replay : undefined);
  const sections = Object.fromEntries(
    CASE_SECTIONS.map((section) => {
      const again = replayed(section);
      return [section, sectionForm(section, again?.values ?? valuesOfCase(view, section), choices, again?.errors)];
    }),
  );
  const newAction = replayed('newAction');
  const today = dayOf(ctx.now(), ctx.config.TZ_NAME);
  const decimal = (value: number) => new Intl.NumberFormat(intlTag[locale], { maximumFractionDigits: 3 }).format(value);

  render(
    req,
    res,
    'case',
    {
      title: `${view.key}: ${view.title}`,
      c: {
        ...view,
        statusLabel: `cases.status.${view.status}`,
        priorityLabel: `cases.priority.${view.priority}`,
        decisionLabel: view.decision ? `cases.decision.${view.decision}` : null,
        age: ageInDays(view.createdAt, ctx.now()),
        targetText: view.target
          ? view.target.metric === 'share'
            ? t('cases.target.share', { max: decimal(view.target.max * 100) })
            : t('cases.target.ratePerDay', { max: decimal(view.target.max) })
          : null,
        rootCauses: view.rootCauses.map((c) => ({ ...c, categoryLabel: c.category ? `cases.category.${c.category}` : null })),
      },
      can: { edit: canEdit, link: canLink, comment: can(role, 'commentOnCases'), report: can(role, 'readReports') },
      evidence: evidenceOf(view, t),
      sections,
      ...workflowOf(view, canEdit, replayed('status')),
      statusForm: replayed('status'),
      actions: actionItems(view, { choices, principal, today, replayed }),
      newAction: {
        values: newAction?.values ?? { title: '', ownerId: '', dueDate: '' },
        errors: newAction?.errors ?? {},
        owners: peopleOptions(choices, String(newAction?.values.ownerId ?? '')),
      },
      fixedNote: note ? { id: note.id, status: note.status, statusLabel: `cases.fixedNote.${note.status}` } : null,
      ...followupOf(measured, { locale, today, canShip: canEdit && SHIPPABLE.includes(view.status), replay: replayed('fix') }),
      // Today is not over, so the latest day a measurement can count (and the form's default) is yesterday.
      // A refused measurement is shown with its form even where the form is not offered (a page older than the case).
      measureForm: (canEdit && measured.plan && MEASURABLE.includes(view.status)) || replayed('measure')
        ? {
            values: replayed('measure')?.values ?? { asOf: addDays(today, -1), windowDays: '' },
            errors: replayed('measure')?.errors ?? {},
            max: addDays(today, -1),
            min: measured.plan ? addDays(measured.plan.fixDay, 1) : undefined,
          }
        : null,
      links: links.map((l) => ({
        ...l,
        syncLabel: `cases.sync.${l.syncState}`,
        action: l.actionId === null ? null : view.actions.find((a) => a.id === l.actionId)?.title,
      })),
      canCreateLink: canLink && LINKABLE.includes(view.status),
      // The case's market's connection comes first and preselected, the one the API picks when none is named.
      connections: connectionChoices(connections, view.markets.map((m) => m.key)).map((c) => ({ id: c.id, name: c.name, kind: c.kind, selected: c.selected })),
      comments,
      commentForm: { values: replayed('comment')?.values ?? { body: '' }, errors: replayed('comment')?.errors ?? {} },
      history: historyRows(history, view, t),
    },
    { status },
  );
}
