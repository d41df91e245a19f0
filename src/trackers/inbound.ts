import { withTransaction } from '../db/transaction.ts';
import type { AppContext } from '../context.ts';
import { AppError } from '../http/errors.ts';
import { recordCaseChanges } from '../cases/automation.ts';
import { contentHash } from './caseBody.ts';
import { trackerFor } from './clients.ts';
import * as connectionRepo from './connectionRepo.ts';
import * as deliveryRepo from './deliveryRepo.ts';
import { applyRemoteState, shipIfAllDone, trackerActor } from './effects.ts';
import { TrackerConfigError, TrackerError } from './errors.ts';
import * as linkRepo from './linkRepo.ts';
import type { Tracker, TrackerEvent, TrackerKind, WebhookDelivery } from './tracker.ts';

export type WebhookOutcome = 'applied' | 'duplicate' | 'echo' | 'ignored' | 'unknown_issue';

export interface WebhookResult {
  outcome: WebhookOutcome;
  deliveryId: string;
  detail?: string;
}

type InboundContext = Pick<AppContext, 'pool' | 'config' | 'log' | 'now'>;

/** The active connections of this kind whose current or previous secret signed the delivery. */
async function verifiedTrackers(ctx: InboundContext, provider: TrackerKind, delivery: WebhookDelivery) {
  const verified: Array<{ connection: connectionRepo.ConnectionRow; tracker: Tracker }> = [];
  for (const connection of await connectionRepo.listConnections(ctx.pool, { kind: provider, activeOnly: true })) {
    let tracker: Tracker;
    try {
      tracker = trackerFor(ctx, connection.config);
    } catch (error) {
      if (!(error instanceof TrackerConfigError)) throw error;
      ctx.log.warn({ module: 'trackers', connection: connection.name, reason: error.message }, 'connection skipped for webhook verification');
      continue;
    }
    if (await tracker.verifyWebhook(delivery)) verified.push({ connection, tracker });
  }
  return verified;
}

function isEcho(event: Exclude<TrackerEvent, { type: 'ignored' }>, link: linkRepo.LinkRow): boolean {
  if (event.fromSyncAccount) return true;
  return event.type === 'comment_added' && link.lastWriteHash !== null && contentHash(event.bodyText) === link.lastWriteHash;
}

/**
 * Handles one webhook delivery: verified against every active connection of the provider (a bad
 * or missing signature stores nothing and is UNAUTHENTICATED), deduplicated on the delivery id,
 * echoes of our own writes ignored, and the effects applied to the linked case in one
 * transaction with the dedupe record.
 */
export async function receiveWebhook(ctx: InboundContext, provider: TrackerKind, delivery: WebhookDelivery): Promise<WebhookResult> {
  const verified = await verifiedTrackers(ctx, provider, delivery);
  if (verified.length === 0) throw new AppError('UNAUTHENTICATED', `${provider} webhook: the signature does not match any active connection's secret`);
  const at = ctx.now();
  let firstEvent: TrackerEvent | undefined;
  for (const { connection, tracker } of verified) {
    let event: TrackerEvent;
    try {
      event = tracker.parseWebhook(delivery);
    } catch (error) {
      if (error instanceof TrackerError) throw new AppError('INVALID_INPUT', error.message);
      throw error;
    }
    firstEvent ??= event;
    if (event.type === 'ignored') continue;
    const link = await linkRepo.getLinkByRemoteKey(ctx.pool, connection.id, event.issueKey);
    if (!link) continue;
    const result = await withTransaction(ctx.pool, async (tx): Promise<WebhookResult> => {
      const locked = (await linkRepo.getLink(tx, link.id, { forUpdate: true }))!;
      const echo = isEcho(event, locked);
      const outcome: WebhookOutcome = echo ? 'echo' : 'applied';
      if (!(await deliveryRepo.recordDelivery(tx, { provider, deliveryId: event.deliveryId, connectionId: connection.id, outcome, at }))) {
        return { outcome: 'duplicate', deliveryId: event.deliveryId };
      }
      if (echo) return { outcome, deliveryId: event.deliveryId };
      const by = { actor: trackerActor(locked, event.sender?.name), at };
      if (event.type === 'status_changed') {
        await applyRemoteState(tx, locked, { state: event.state, statusName: event.statusName, resolvedAt: event.resolvedAt }, by);
      } else {
        await recordCaseChanges(tx, locked.caseId, [{ field: 'tracker.comment', before: null, after: { issue: locked.remoteKey, commentId: event.commentId, text: event.bodyText.slice(0, 2000) } }], by);
      }
      return { outcome, deliveryId: event.deliveryId };
    });
    if (result.outcome === 'applied' && event.type === 'status_changed') await shipIfAllDone(ctx, link.caseId, { actor: trackerActor(link, event.sender?.name) });
    return result;
  }
  const deliveryId = firstEvent?.deliveryId ?? 'unknown';
  const outcome: WebhookOutcome = firstEvent?.type === 'ignored' || !firstEvent ? 'ignored' : 'unknown_issue';
  const fresh = await deliveryRepo.recordDelivery(ctx.pool, { provider, deliveryId, connectionId: verified[0]!.connection.id, outcome, at });
  const detail = firstEvent?.type === 'ignored' ? firstEvent.reason : firstEvent ? `issue ${firstEvent.issueKey} is not linked to a case` : undefined;
  return { outcome: fresh ? outcome : 'duplicate', deliveryId, ...(detail ? { detail } : {}) };
}
