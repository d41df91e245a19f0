import type { AppContext } from '../context.ts';
import { backoffMs } from './backoff.ts';
import { DeliveryError } from './channels/deliveryError.ts';
import { sendMessage } from './channels/send.ts';
import * as deliveryRepo from './deliveryRepo.ts';

/** Longer than any one send can take (the channels time out well within it), so a claim is never taken over mid-send. */
const LEASE_MS = 5 * 60_000;
/** One run stops after this many sends or this long, leaving the rest to the next run. */
const MAX_PER_RUN = 100;
const MAX_RUN_MS = 120_000;

export interface DeliveryRun {
  sent: number;
  retrying: number;
  failed: number;
}

type DeliverContext = Pick<AppContext, 'pool' | 'config' | 'log'>;

/**
 * Sends every delivery due at `asOf`, one claim at a time. A failure is retried with exponential
 * backoff (or after the receiver's Retry-After) until NOTIFY_MAX_ATTEMPTS, then marked failed
 * with its reason; a permanent refusal fails at once.
 */
export async function deliverDue(ctx: DeliverContext, asOf: Date): Promise<DeliveryRun> {
  const run: DeliveryRun = { sent: 0, retrying: 0, failed: 0 };
  const started = performance.now();
  for (let n = 0; n < MAX_PER_RUN && performance.now() - started < MAX_RUN_MS; n++) {
    const delivery = await deliveryRepo.claimNextDue(ctx.pool, { asOf, leaseUntil: new Date(asOf.getTime() + LEASE_MS) });
    if (!delivery) break;
    run[await deliverOne(ctx, delivery, asOf)]++;
  }
  return run;
}

async function deliverOne(ctx: DeliverContext, delivery: deliveryRepo.ClaimedDelivery, asOf: Date): Promise<keyof DeliveryRun> {
  const log = ctx.log.child({ module: 'notify', deliveryId: delivery.id, targetId: delivery.targetId, kind: delivery.kind });
  const attempts = delivery.attempts + 1;
  if (!delivery.targetActive) {
    await deliveryRepo.markFailed(ctx.pool, delivery.id, { attempts: delivery.attempts, error: 'the target was deactivated before this was sent' });
    return 'failed';
  }
  try {
    await sendMessage(ctx.config, { kind: delivery.targetKind, address: delivery.address }, delivery, asOf);
  } catch (error) {
    const reason = error instanceof DeliveryError ? error.message : `unexpected error: ${(error as Error).message}`;
    const options = error instanceof DeliveryError ? error.options : {};
    if (options.permanent || attempts >= ctx.config.NOTIFY_MAX_ATTEMPTS) {
      await deliveryRepo.markFailed(ctx.pool, delivery.id, { attempts, error: reason });
      log.warn({ attempts, reason }, 'notification failed for good');
      return 'failed';
    }
    const nextAttemptAt = new Date(asOf.getTime() + (options.retryAfterMs ?? backoffMs(attempts)));
    await deliveryRepo.markRetry(ctx.pool, delivery.id, { attempts, nextAttemptAt, error: reason });
    log.info({ attempts, reason, nextAttemptAt }, 'notification will be retried');
    return 'retrying';
  }
  await deliveryRepo.markSent(ctx.pool, delivery.id, { attempts, at: asOf });
  log.info({ attempts }, 'notification sent');
  return 'sent';
}
