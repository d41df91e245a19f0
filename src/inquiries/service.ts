import type { Db } from '../db/database.ts';
import type { Principal } from '../auth/principal.ts';
import { can } from '../auth/roles.ts';
import { AppError } from '../http/errors.ts';
import { filterScope } from '../taxonomy/service.ts';
import { addDays, dayOf, isValidDay } from '../time.ts';
import * as repo from './repo.ts';
import { markDirty } from '../detection/state.ts';

export { ingest } from './ingest.ts';
export { importCsv } from './csvImport.ts';

/** Newest first; `mine` limits to what the caller logged (the agent's "today" list). */
export async function listInquiries(
  db: Db,
  query: { from?: string; to?: string; topic?: string; market?: string; mine?: 'true' | 'false'; before?: number; limit: number },
  context: { principal: Principal; timeZone: string; now: Date },
): Promise<repo.InquiryView[]> {
  for (const [name, value] of [['from', query.from], ['to', query.to]] as const) {
    if (value !== undefined && !isValidDay(value)) throw new AppError('INVALID_INPUT', `${name}: "${value}" is not a date (YYYY-MM-DD)`);
  }
  const to = query.to ?? dayOf(context.now, context.timeZone);
  const from = query.from ?? addDays(to, -29);
  return repo.list(db, {
    from,
    to,
    limit: query.limit,
    ...(await filterScope(db, query)),
    ...(query.mine === 'true' ? { loggedByTokenId: context.principal.tokenId } : {}),
    ...(query.before !== undefined ? { beforeId: query.before } : {}),
  });
}

/** Undo: the one who logged an inquiry may delete it; analysts and admins may delete any. */
export async function deleteInquiry(db: Db, id: number, principal: Principal): Promise<void> {
  const owner = await repo.getOwner(db, id);
  if (!owner) throw new AppError('NOT_FOUND', `Inquiry ${id} not found`);
  if (owner.loggedByTokenId !== principal.tokenId && !can(principal.role, 'deleteAnyInquiry')) {
    throw new AppError('FORBIDDEN', `Inquiry ${id} was logged by someone else`);
  }
  const day = await repo.deleteById(db, id);
  // Detection re-judges the day: a deleted inquiry may have been what raised it.
  if (day !== undefined) await markDirty(db, day);
}

export const rollupMismatches = repo.rollupMismatches;
export const rebuildDays = repo.rebuildDays;
export { collectEvidence, type Evidence } from './evidence.ts';
export { dailySeries } from './statsRepo.ts';
