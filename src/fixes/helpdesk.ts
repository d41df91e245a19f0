import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Handlebars from 'handlebars';
import type { AppContext } from '../context.ts';
import type { Db } from '../db/database.ts';
import { ConnectorConfigError } from '../inquiries/connectors/secrets.ts';
import { zendeskClientFor } from '../inquiries/connectors/settings.ts';
import { ZendeskError } from '../inquiries/connectors/zendesk/client.ts';
import { backoffMs } from '../notify/backoff.ts';
import { addDays, dayOf } from '../time.ts';
import * as repo from './repo.ts';

/** The whole weeks before the fix a follow-up counts by default; used when the case was never measured. */
const BEFORE_DAYS = 14;
const LEASE_MS = 5 * 60_000;
const MAX_PER_RUN = 200;
const LONGEST_WAIT_MS = 3_600_000;

/** The tag a ticket behind a case's fixed note gets; also how a lost answer is recognised on the next try. */
export const fixedTag = (caseId: number) => `pinchpoint-fixed-${caseId}`;

/**
 * Queues the help-desk tickets behind the case for a published note. "Behind" means the inquiries
 * its before-window counted: the newest measurement's before window, else the 14 days before the
 * fix day, else the 14 days before publication.
 */
export async function queueTicketsFor(tx: Db, input: { noteId: number; caseId: number; at: Date; timeZone: string }): Promise<number> {
  const hints = await repo.beforeWindowHints(tx, input.caseId);
  const lastDay = hints.fixDay ? addDays(hints.fixDay, -1) : addDays(dayOf(input.at, input.timeZone), -1);
  const window = hints.measuredBefore ?? { from: addDays(lastDay, -(BEFORE_DAYS - 1)), to: lastDay };
  return repo.queueTickets(tx, { noteId: input.noteId, caseId: input.caseId, from: window.from, to: window.to, at: input.at });
}

const template = Handlebars.create().compile(readFileSync(fileURLToPath(new URL('../../templates/fixes/zendesk-comment.hbs', import.meta.url)), 'utf8'), {
  noEscape: true,
});

export type TicketOutcome = 'done' | 'retry' | 'failed';

/**
 * Tags due tickets of published notes, one Zendesk update each: the tag plus an internal note (a
 * public reply only when ZENDESK_PUBLIC_REPLY is true). Before writing, the ticket is read: if it
 * already carries the tag, an earlier try got through and only its answer was lost, so nothing is
 * written twice. Outages and rate limits retry with backoff up to FIXES_MAX_ATTEMPTS; a refusal
 * retrying cannot fix (a closed ticket, a deleted one) fails at once with its reason.
 */
export async function drainTicketOutbox(ctx: AppContext, asOf: Date): Promise<Record<TicketOutcome, number>> {
  const counts: Record<TicketOutcome, number> = { done: 0, retry: 0, failed: 0 };
  for (let i = 0; i < MAX_PER_RUN; i++) {
    const task = await repo.claimNextDue(ctx.pool, { asOf, leaseUntil: new Date(asOf.getTime() + LEASE_MS) });
    if (!task) break;
    counts[await tagTicket(ctx, task, asOf)]++;
  }
  return counts;
}

async function tagTicket(ctx: AppContext, task: repo.TicketTask, asOf: Date): Promise<TicketOutcome> {
  const log = ctx.log.child({ module: 'fixes', caseId: task.caseId, connector: task.connector.name, ticketId: task.ticketId });
  const attempts = task.attempts + 1;
  try {
    const client = zendeskClientFor(ctx, task.connector, { longestWaitMs: 0 });
    const ticket = await client.showTicket(task.ticketId);
    if (!ticket) {
      await repo.markTicketFailed(ctx.pool, task.id, { attempts, error: 'the ticket no longer exists in Zendesk' });
      log.warn('fixed-note ticket is gone');
      return 'failed';
    }
    const tag = fixedTag(task.caseId);
    if (!(ticket.tags ?? []).includes(tag)) {
      const isPublic = ctx.config.ZENDESK_PUBLIC_REPLY;
      const body = template({
        internal: !isPublic,
        caseKey: `PP-${task.caseId}`,
        title: task.note.title,
        body: task.note.body,
        link: `${ctx.config.PUBLIC_BASE_URL}/fixed#note-${task.noteId}`,
      }).trim();
      await client.updateTicket(task.ticketId, { addTags: [tag], comment: { body, public: isPublic } });
    }
    await repo.markTicketDone(ctx.pool, task.id, { attempts, at: asOf });
    log.info('fixed-note ticket tagged');
    return 'done';
  } catch (error) {
    if (!(error instanceof ZendeskError) && !(error instanceof ConnectorConfigError)) throw error;
    const final = (error instanceof ZendeskError && error.kind === 'invalid') || attempts >= ctx.config.FIXES_MAX_ATTEMPTS;
    if (final) {
      await repo.markTicketFailed(ctx.pool, task.id, { attempts, error: error.message });
      log.warn({ reason: error.message, attempts }, 'fixed-note ticket failed');
      return 'failed';
    }
    const waitMs = error instanceof ZendeskError && error.retryAfterMs !== undefined ? Math.min(LONGEST_WAIT_MS, Math.max(1000, error.retryAfterMs)) : Math.min(LONGEST_WAIT_MS, backoffMs(attempts));
    await repo.markTicketRetry(ctx.pool, task.id, { attempts, nextAttemptAt: new Date(asOf.getTime() + waitMs), error: error.message });
    log.info({ reason: error.message, attempts }, 'fixed-note ticket will be retried');
    return 'retry';
  }
}
