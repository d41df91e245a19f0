import assert from 'node:assert/strict';
import type { Principal } from '../../src/auth/principal.ts';
import type { ActionView, CaseView } from '../../src/cases/view.ts';
import { actionItems } from '../../src/web/pages/caseParts.ts';

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
