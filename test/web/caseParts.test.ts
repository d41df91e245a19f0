import assert from 'node:assert/strict';
import type { Principal } from '../../src/auth/principal.ts';
import type { ActionView, CaseView } from '../../src/cases/view.ts';
import { actionItems, workflowOf } from '../../src/web/pages/caseParts.ts';
import { translator, type MessageKey } from '../../src/web/i18n/index.ts';

const action = (id: number, status: ActionView['status'], dueDate: string | null): ActionView => ({ id, title: `Action ${id}`, owner: null, dueDate, status, position: id, version: 1 });
const analyst = { role: 'analyst', userId: 1, name: 'Kari' } as unknown as Principal;

/** Which of a case's actions the page marks overdue on 2026-12-06, for a case in `status`. */
function overdueIn(status: CaseView['status']): number[] {
  const view = {
    status,
    actions: [action(1, 'todo', '2026-12-01'), action(2, 'doing', '2026-12-05'), action(3, 'done', '2026-11-01'), action(4, 'todo', '2026-12-06'), action(5, 'todo', null)],
  } as unknown as CaseView;
  return actionItems(view, { choices: { topics: [], markets: [], people: [] }, principal: analyst, today: '2026-12-06', replayed: () => undefined })
    .filter((a) => a.overdue)
    .map((a) => a.id);
}

describe('case page: overdue actions', () => {
  it('marks open actions past their due day while the case is being worked on', () => {
    for (const status of ['refining', 'ready', 'in_progress', 'fix_shipped', 'verifying', 'reopened'] as const) {
      assert.deepEqual(overdueIn(status), [1, 2], status);
    }
  });

  it('marks nothing once the case is resolved or dropped: nobody chases a closed case', () => {
    assert.deepEqual(overdueIn('resolved'), []);
    assert.deepEqual(overdueIn('dropped'), []);
  });
});

/** What "Where the case stands" says for a case in `status` that lacks `missing`. */
function standing(status: CaseView['status'], missing: string[] = []) {
  const view = { status, readiness: { missing }, nextStatuses: [], decision: null } as unknown as CaseView;
  const { missing: listed, stage } = workflowOf(view, true);
  return { listed: listed.map((m) => m.text), stage };
}

describe('case page: where the case stands', () => {
  it('says the case can be ready only before it is, and lists what it lacks while a move may need it', () => {
    for (const status of ['new', 'refining', 'reopened'] as const) assert.deepEqual(standing(status), { listed: [], stage: 'cases.complete' }, status);
    assert.deepEqual(standing('refining', ['an owner']), { listed: ['an owner'], stage: null });
    // A ready case whose last action was dropped cannot go to in progress: the page says why.
    assert.deepEqual(standing('ready', ['at least one action']), { listed: ['at least one action'], stage: null });
  });

  it('says where a case past ready is, and never that a resolved or dropped case "can be ready"', () => {
    for (const status of ['ready', 'in_progress', 'fix_shipped', 'verifying', 'resolved', 'dropped'] as const) {
      assert.deepEqual(standing(status), { listed: [], stage: `cases.stage.${status}` }, status);
    }
    // A closed case is not chased for what the method lacks (cases created before the method was enforced).
    assert.deepEqual(standing('resolved', ['an owner']), { listed: [], stage: 'cases.stage.resolved' });
  });

  it('has every stage sentence in both languages', () => {
    const [en, nb] = [translator('en'), translator('nb')];
    for (const status of ['ready', 'in_progress', 'fix_shipped', 'verifying', 'resolved', 'dropped']) {
      const key = `cases.stage.${status}` as MessageKey;
      assert.notEqual(en(key), key, status);
      // Bokmål falls back to English for a missing key, so a missing translation reads as English.
      assert.notEqual(nb(key), en(key), status);
    }
  });
});
