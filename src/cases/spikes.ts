import type pg from 'pg';
import { actorOf } from '../auth/principal.ts';
import { withTransaction } from '../db/transaction.ts';
import { claimSpikeForCase, markSpikeLinked } from '../detection/service.ts';
import { AppError } from '../http/errors.ts';
import * as repo from './repo.ts';
import { getCase, mustGetCase, type CallContext } from './service.ts';
import { caseKey, type CaseView } from './view.ts';

/**
 * Gathers another spike into an existing case (the same problem seen again, or in another market).
 * A spike feeds one open case at a time; a closed case takes no new evidence. The spike becomes
 * `linked` and the case's history says who gathered it.
 */
export async function addSpikeToCase(pool: pg.Pool, caseId: number, spikeId: number, call: CallContext): Promise<CaseView> {
  await withTransaction(pool, async (tx) => {
    const row = await mustGetCase(tx, caseId, { forUpdate: true });
    if (row.status === 'resolved' || row.status === 'dropped') {
      throw new AppError('CONFLICT', `Case ${caseKey(caseId)} is ${row.status}; open a new case for spike ${spikeId}`);
    }
    const spike = await claimSpikeForCase(tx, spikeId);
    const other = await repo.openCaseForSpike(tx, spike.id);
    if (other === caseId) return;
    if (other !== undefined) {
      throw new AppError('CONFLICT', `Spike ${spike.id} already feeds the open case ${caseKey(other)}`, { caseId: other, key: caseKey(other) });
    }
    await repo.linkSpike(tx, caseId, spike.id, call.asOf);
    await markSpikeLinked(tx, spike.id, call.asOf);
    const { actor, actorUserId } = actorOf(call.principal);
    await repo.insertHistory(tx, [{ caseId, actionId: null, actor, actorUserId, at: call.asOf, field: 'spikes', before: null, after: { added: spike.id } }]);
  });
  return getCase(pool, caseId);
}
