import type pg from 'pg';
import { withTransaction } from '../db/transaction.ts';
import type { AppContext } from '../context.ts';
import { contentHash, linkMarker, renderComment, renderIssue } from './caseBody.ts';
import { trackerFor, trackerTemplates } from './clients.ts';
import { TrackerConfigError, TrackerError } from './errors.ts';
import * as linkRepo from './linkRepo.ts';
import * as outboxRepo from './outboxRepo.ts';
import type { Tracker } from './tracker.ts';

/** Longer than one write can take (each call times out within TRACKER_TIMEOUT_MS, retried a few times). */
const LEASE_MS = 5 * 60_000;
const MAX_PER_RUN = 100;
const MAX_RUN_MS = 120_000;
const FIRST_RETRY_MS = 30_000;
const LONGEST_WAIT_MS = 3_600_000;
/** A tracker asking for no wait at all still gets a second: an immediate retry would hit the same limit. */
const SHORTEST_RETRY_AFTER_MS = 1_000;
/** Issues created this long before the link are not ours, whatever their marker says (clock skew allowance). */
const CREATE_SKEW_MS = 10 * 60_000;

/** 30 s, 1, 2, 4 … minutes, at most an hour: eight attempts ride out about an hour of outage. */
export function backoffMs(failedAttempts: number): number {
  return Math.min(LONGEST_WAIT_MS, FIRST_RETRY_MS * 2 ** Math.max(0, failedAttempts - 1));
}

/** The tracker's own wait, clipped to [1 s, 1 h]; our backoff when it said nothing. */
export function retryDelayMs(error: TrackerError, failedAttempts: number): number {
  if (error.retryAfterMs === null) return backoffMs(failedAttempts);
  return Math.min(LONGEST_WAIT_MS, Math.max(SHORTEST_RETRY_AFTER_MS, error.retryAfterMs));
}

export interface OutboxRun {
  written: number;
  retrying: number;
  failed: number;
}

export interface DrainOptions {
  /**
   * Called after the tracker accepted a write and before it is recorded; tests throw here to
   * crash the drain between the two, as a killed process would.
   */
  afterWrite?: (write: outboxRepo.ClaimedWrite) => void | Promise<void>;
}

type OutboxContext = Pick<AppContext, 'pool' | 'config' | 'log' | 'now'>;

/**
 * Writes everything due at `asOf` to the trackers, one claimed row at a time. A retryable failure
 * waits (the tracker's Retry-After, else exponential backoff) until TRACKER_MAX_ATTEMPTS; then,
 * or at once for a bad connection, credentials or request, the link is marked `error`.
 */
export async function drainOutbox(ctx: OutboxContext, asOf: Date, options: DrainOptions = {}): Promise<OutboxRun> {
  const run: OutboxRun = { written: 0, retrying: 0, failed: 0 };
  const started = performance.now();
  const trackers = new Map<number, Tracker>();
  for (let n = 0; n < MAX_PER_RUN && performance.now() - started < MAX_RUN_MS; n++) {
    const write = await outboxRepo.claimNextDue(ctx.pool, { asOf, leaseUntil: new Date(asOf.getTime() + LEASE_MS) });
    if (!write) break;
    run[await writeOne(ctx, write, asOf, trackers, options)]++;
  }
  return run;
}

async function writeOne(ctx: OutboxContext, write: outboxRepo.ClaimedWrite, asOf: Date, trackers: Map<number, Tracker>, options: DrainOptions): Promise<keyof OutboxRun> {
  const log = ctx.log.child({ module: 'trackers', writeId: write.id, linkId: write.linkId, kind: write.kind });
  let record: () => Promise<void>;
  try {
    if (!write.connectionActive) throw new TrackerConfigError(`tracker connection "${write.config.name}" is inactive`);
    let tracker = trackers.get(write.connectionId);
    if (!tracker) trackers.set(write.connectionId, (tracker = trackerFor(ctx, write.config)));
    record = await send(ctx, tracker, write, asOf);
  } catch (error) {
    return recordFailure(ctx, write, error, asOf, log);
  }
  await options.afterWrite?.(write);
  await record();
  log.info({ attempts: write.attempts }, 'tracker write done');
  return 'written';
}

/** Sends one write and returns how to record it (outside the try, so a crash hook sits between them). */
async function send(ctx: OutboxContext, tracker: Tracker, write: outboxRepo.ClaimedWrite, asOf: Date): Promise<() => Promise<void>> {
  const link = await linkRepo.getLink(ctx.pool, write.linkId);
  if (!link) return () => outboxRepo.markDone(ctx.pool, write.id, { revision: write.revision, at: asOf }).then(() => undefined);
  const render = { kind: tracker.kind, templates: trackerTemplates(ctx), publicBaseUrl: ctx.config.PUBLIC_BASE_URL };
  const done = (linkChange: (tx: pg.PoolClient) => Promise<void>) => () =>
    withTransaction(ctx.pool, async (tx) => {
      await linkChange(tx);
      await outboxRepo.markDone(tx, write.id, { revision: write.revision, at: asOf });
    });

  if (write.kind === 'create') {
    if (link.remoteKey) return done(async () => undefined);
    const issue = await renderIssue(ctx.pool, link, render);
    // An earlier attempt may have reached the tracker with its answer lost: look before creating again.
    const earlier = write.attempts > 1 ? await tracker.findIssueByMarker(linkMarker(link.id), new Date(link.createdAt.getTime() - CREATE_SKEW_MS)) : null;
    const ref = earlier ?? (await tracker.createIssue(issue.draft));
    return done((tx) => linkRepo.markCreated(tx, link.id, { key: ref.key, url: ref.url, writeHash: issue.hash, at: asOf }));
  }
  // Updates and comments wait for the issue; the create renders the case as it is then anyway.
  if (!link.remoteKey) return done(async () => undefined);
  if (write.kind === 'update') {
    const issue = await renderIssue(ctx.pool, link, render);
    if (issue.hash === link.lastWriteHash) return done((tx) => linkRepo.markSynced(tx, link.id, { writeHash: null, at: asOf }));
    await tracker.updateIssue(link.remoteKey, { title: issue.draft.title, body: issue.draft.body, marker: linkMarker(link.id) });
    return done((tx) => linkRepo.markSynced(tx, link.id, { writeHash: issue.hash, at: asOf }));
  }
  const body = await renderComment(ctx.pool, link, { kind: write.kind, payload: write.payload }, render);
  await tracker.addComment(link.remoteKey, body);
  return done((tx) => linkRepo.markSynced(tx, link.id, { writeHash: contentHash(body), at: asOf }));
}

async function recordFailure(ctx: OutboxContext, write: outboxRepo.ClaimedWrite, error: unknown, asOf: Date, log: AppContext['log']): Promise<keyof OutboxRun> {
  const retryable = error instanceof TrackerError && error.retryable;
  const reason = error instanceof TrackerError || error instanceof TrackerConfigError ? error.message : `unexpected error: ${(error as Error)?.message ?? String(error)}`;
  if (!(error instanceof TrackerError || error instanceof TrackerConfigError)) log.error({ err: error }, 'tracker write failed unexpectedly');
  if (!retryable || write.attempts >= ctx.config.TRACKER_MAX_ATTEMPTS) {
    const why = retryable ? `${reason} (gave up after ${write.attempts} attempts)` : reason;
    await withTransaction(ctx.pool, async (tx) => {
      await outboxRepo.markFailed(tx, write.id, why);
      await linkRepo.markFailure(tx, write.linkId, { error: why, final: true, at: asOf });
    });
    log.warn({ attempts: write.attempts, reason: why }, 'tracker write failed for good');
    return 'failed';
  }
  const nextAttemptAt = new Date(asOf.getTime() + retryDelayMs(error, write.attempts));
  await withTransaction(ctx.pool, async (tx) => {
    await outboxRepo.markRetry(tx, write.id, { nextAttemptAt, error: reason });
    await linkRepo.markFailure(tx, write.linkId, { error: reason, final: false, at: asOf });
  });
  log.info({ attempts: write.attempts, reason, nextAttemptAt }, 'tracker write will be retried');
  return 'retrying';
}
