import { z } from 'zod';
import type { JobDefinition } from '../../jobs/registry.ts';
import * as repo from './repo.ts';
import { SYNC_NOW_JOB } from './queue.ts';
import { syncZendesk } from './zendesk/sync.ts';

/** Deliveries older than this are forgotten: their signatures are stale, so a replay is refused anyway. */
const DELIVERY_MEMORY_MS = 7 * 86_400_000;

/** Every active Zendesk connector reads its export from its cursor, every ZENDESK_SYNC_MINUTES. */
export const zendeskSyncJob: JobDefinition = {
  name: 'zendesk-sync',
  every: (ctx) => `${ctx.config.ZENDESK_SYNC_MINUTES} minutes`,
  lockLifetimeMs: 30 * 60_000,
  async handle(ctx, _job, asOf) {
    let changed = 0;
    // One after another: Zendesk's export allows 10 requests a minute per account, and a failing
    // connector only records its error, so the others still run.
    for (const connector of await repo.listConnectors(ctx.pool, { kind: 'zendesk', activeOnly: true })) {
      const run = await syncZendesk(ctx, connector, asOf);
      changed += run.created + run.updated + run.removed + run.unmapped;
    }
    await repo.pruneDeliveries(ctx.pool, new Date(asOf.getTime() - DELIVERY_MEMORY_MS));
    return changed > 0 ? 'done' : 'skipped';
  },
};

const syncNowData = z.object({ connectorId: z.number().int().positive() });

/** "Sync now" from the API: one connector, as soon as a worker is free. */
export const zendeskSyncNowJob: JobDefinition = {
  name: SYNC_NOW_JOB,
  lockLifetimeMs: 30 * 60_000,
  async handle(ctx, job, asOf) {
    const data = syncNowData.safeParse(job.attrs.data);
    if (!data.success) return 'skipped';
    const connector = await repo.getConnectorById(ctx.pool, data.data.connectorId);
    if (!connector || connector.kind !== 'zendesk' || !connector.active) return 'skipped';
    const run = await syncZendesk(ctx, connector, asOf);
    return run.pages > 0 ? 'done' : 'skipped';
  },
};

export const connectorJobs: JobDefinition[] = [zendeskSyncJob, zendeskSyncNowJob];
