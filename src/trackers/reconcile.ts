import { withTransaction } from '../db/transaction.ts';
import type { AppContext } from '../context.ts';
import { trackerFor } from './clients.ts';
import * as connectionRepo from './connectionRepo.ts';
import { applyRemoteState, shipIfAllDone, trackerActor } from './effects.ts';
import * as linkRepo from './linkRepo.ts';

/** Re-read a little before the cursor: issues stamped just before our last run may be listed late. */
const OVERLAP_MS = 60_000;

export interface ReconcileRun {
  connections: number;
  read: number;
  changed: number;
  failed: string[];
}

type ReconcileContext = Pick<AppContext, 'pool' | 'config' | 'log' | 'now'>;

/**
 * Polls each active connection for issues updated since its cursor and applies any state the
 * links do not know yet, so a missed webhook is caught on the next run. A connection that fails
 * keeps its cursor and is tried again next time; the others go on.
 */
export async function reconcileTrackers(ctx: ReconcileContext, asOf: Date): Promise<ReconcileRun> {
  const run: ReconcileRun = { connections: 0, read: 0, changed: 0, failed: [] };
  for (const connection of await connectionRepo.listConnections(ctx.pool, { activeOnly: true })) {
    const links = await linkRepo.listLinkedIssues(ctx.pool, connection.id);
    if (links.length === 0) continue;
    run.connections++;
    try {
      await reconcileConnection(ctx, connection, links, asOf, run);
      await connectionRepo.setReconciledUntil(ctx.pool, connection.id, new Date(asOf.getTime() - OVERLAP_MS));
    } catch (error) {
      run.failed.push(connection.name);
      ctx.log.warn({ module: 'trackers', connection: connection.name, reason: (error as Error).message }, 'reconcile failed; the cursor stays');
    }
  }
  return run;
}

async function reconcileConnection(ctx: ReconcileContext, connection: connectionRepo.ConnectionRow, links: linkRepo.LinkRow[], asOf: Date, run: ReconcileRun): Promise<void> {
  const tracker = trackerFor(ctx, connection.config);
  const byKey = new Map(links.map((link) => [link.remoteKey!, link]));
  const since = connection.reconciledUntil ?? new Date(Math.min(...links.map((link) => link.createdAt.getTime())) - OVERLAP_MS);
  const cases = new Set<number>();
  for await (const issue of tracker.listIssuesUpdatedSince({ since, asOf })) {
    run.read++;
    const link = byKey.get(issue.key);
    if (!link) continue;
    if (link.remoteState === issue.state && link.remoteStatus === issue.statusName) continue;
    const changed = await withTransaction(ctx.pool, async (tx) => {
      const locked = (await linkRepo.getLink(tx, link.id, { forUpdate: true }))!;
      return applyRemoteState(tx, locked, issue, { actor: `${trackerActor(link)} (reconcile)`, at: asOf });
    });
    if (changed) {
      run.changed++;
      cases.add(link.caseId);
    }
  }
  // Also cases whose issues were all done before a crash kept the fix from being recorded.
  for (const link of links) if (link.remoteState !== 'open') cases.add(link.caseId);
  for (const caseId of cases) await shipIfAllDone(ctx, caseId, { actor: `${trackerActor(links.find((l) => l.caseId === caseId)!)} (reconcile)` });
}
