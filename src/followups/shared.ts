import type { CaseRow } from '../cases/repo.ts';
import { caseKey } from '../cases/view.ts';
import type { AppContext } from '../context.ts';
import type { MeasuredCase } from './measure.ts';

/** What follow-ups need from the app: the pool, settings, a logger and the clock. */
export type FollowupContext = Pick<AppContext, 'pool' | 'config' | 'log' | 'now'>;

/** Statuses in which a case waits for its follow-ups; a fix may be re-dated in them. */
export const AWAITING_FOLLOWUP: readonly string[] = ['fix_shipped', 'verifying'];

/** How follow-ups sign what they do in a case's history and comments. */
export const FOLLOWUP_ACTOR = 'follow-up';

/** What a measurement needs from a case row. */
export function measuredCaseOf(row: CaseRow): MeasuredCase {
  return { id: row.id, key: caseKey(row.id), topics: row.topics, markets: row.markets, target: row.target };
}
