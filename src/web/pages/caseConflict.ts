import type { Request, Response } from 'express';
import type { ActionView } from '../../cases/view.ts';
import { getCase } from '../../cases/service.ts';
import type { AppContext } from '../../context.ts';
import { listCaseMeasurements } from '../../followups/service.ts';
import { AppError } from '../../http/errors.ts';
import { render, tr } from '../http/page.ts';
import { caseChoices, peopleOptions, sectionForm, sectionRows, type CaseChoices } from './caseChoices.ts';
import { valuesOfCase, type CaseSection, type FormValues } from './caseForms.ts';
import { ACTION_STATUSES, CASE_STATUSES, DECISIONS, type CaseStatus } from '../../cases/schemas.ts';
import type { Translate } from '../i18n/index.ts';

/** True for the service's answer to a form edited on top of an older version. */
export const isStale = (error: unknown): error is AppError => error instanceof AppError && error.code === 'PRECONDITION_FAILED';

type Rows = Array<{ label: string; value: string }>;

/** Pairs what the person sent with what is stored, field by field, marking the fields that differ. */
function sideBySide(yours: Rows, stored: Rows) {
  return yours.map((row, i) => ({ label: row.label, yours: row.value, stored: stored[i]?.value ?? '', differs: row.value !== (stored[i]?.value ?? '') }));
}

interface ConflictInput {
  caseId: number;
  /** Which form: a case section, a status move, an action, or the fix day. */
  kind: CaseSection | 'status' | 'action' | 'fix';
  yours: FormValues;
  action?: ActionView;
}

function actionRows(values: FormValues, choices: CaseChoices, t: Translate): Rows {
  const status = String(values.status ?? '');
  return [
    { label: t('cases.action.title'), value: String(values.title ?? '') },
    { label: t('cases.action.owner'), value: choices.people.find((p) => String(p.id) === values.ownerId)?.name ?? String(values.ownerId ?? '') },
    { label: t('cases.action.due'), value: String(values.dueDate ?? '') },
    { label: t('cases.action.status'), value: (ACTION_STATUSES as readonly string[]).includes(status) ? t(`cases.actionStatus.${status as (typeof ACTION_STATUSES)[number]}`) : status },
  ];
}

export const actionValues = (action: ActionView): FormValues => ({
  title: action.title,
  ownerId: action.owner ? String(action.owner.id) : '',
  dueDate: action.dueDate ?? '',
  status: action.status,
});

/**
 * The answer to a stale form (409): what the person sent beside what is stored now, field by field,
 * and their form again, filled with what they typed and carrying the current version, so nothing is
 * lost and they can save on top of the newer version.
 */
export async function showConflict(ctx: AppContext, req: Request, res: Response, input: ConflictInput): Promise<void> {
  const t = tr(res);
  const [view, choices] = await Promise.all([getCase(ctx.pool, input.caseId), caseChoices(ctx.pool)]);
  const base = { title: t('cases.conflict.title', { key: view.key }), c: view, kind: input.kind };
  if (input.kind === 'action') {
    const stored = view.actions.find((a) => a.id === input.action?.id);
    if (!stored) throw new AppError('NOT_FOUND', `Action ${input.action?.id ?? ''} not found on ${view.key}`);
    const values = input.yours;
    const mayEditAll = 'title' in values;
    return render(req, res, 'case-conflict', {
      ...base,
      rows: sideBySide(actionRows({ ...actionValues(stored), ...values }, choices, t), actionRows(actionValues(stored), choices, t)),
      action: {
        ...stored,
        canEditAll: mayEditAll,
        form: {
          values: { ...actionValues(stored), ...values },
          errors: {},
          open: true,
          owners: peopleOptions(choices, String(values.ownerId ?? '')),
          statuses: ACTION_STATUSES.map((s) => ({ value: s, label: `cases.actionStatus.${s}`, selected: s === values.status })),
        },
      },
    }, { status: 409 });
  }
  if (input.kind === 'status') {
    const wanted = String(input.yours.status ?? '');
    const statusText = (s: string) => (isStatus(s) ? t(`cases.status.${s}`) : s);
    // A decision sent with the move goes with it again, so trying the move again does not drop it.
    const decision = typeof input.yours.decision === 'string' ? input.yours.decision : undefined;
    const decisionText = (d: string | null) => (d && isDecision(d) ? t(`cases.decision.${d}`) : t('cases.decision.none'));
    return render(req, res, 'case-conflict', {
      ...base,
      rows: [
        { label: t('cases.field.status'), yours: statusText(wanted), stored: statusText(view.status), differs: wanted !== view.status },
        ...(decision === undefined ? [] : [{ label: t('cases.field.decision'), yours: decisionText(decision), stored: decisionText(view.decision), differs: decision !== (view.decision ?? '') }]),
      ],
      statusMove: { status: wanted, reason: String(input.yours.reason ?? ''), allowed: view.nextStatuses.includes(wanted), decision, sendsDecision: decision !== undefined },
    }, { status: 409 });
  }
  if (input.kind === 'fix') {
    const stored = (await listCaseMeasurements(ctx, input.caseId)).plan?.fixDay ?? '';
    const yours = String(input.yours.shippedOn ?? '');
    return render(req, res, 'case-conflict', {
      ...base,
      rows: [{ label: t('cases.fix.day'), yours, stored, differs: yours !== stored }],
      fixAgain: { shippedOn: yours, allowed: ['in_progress', 'fix_shipped', 'verifying'].includes(view.status) },
    }, { status: 409 });
  }
  const section = input.kind;
  return render(req, res, 'case-conflict', {
    ...base,
    rows: sideBySide(sectionRows(section, input.yours, choices, t), sectionRows(section, valuesOfCase(view, section), choices, t)),
    section,
    form: { ...sectionForm(section, input.yours, choices), open: true },
  }, { status: 409 });
}

const isStatus = (s: string): s is CaseStatus => (CASE_STATUSES as readonly string[]).includes(s);
const isDecision = (d: string): d is (typeof DECISIONS)[number] => (DECISIONS as readonly string[]).includes(d);
