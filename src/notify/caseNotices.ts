import type { Config } from '../config.ts';
import type { Db } from '../db/database.ts';
import * as deliveryRepo from './deliveryRepo.ts';
import { renderMessage } from './templates.ts';

/** What `templates/notify/case-followup.*.hbs` print; the follow-ups module fills it in. */
export interface CaseFollowupNoticeContext {
  owner: { name: string };
  case: { key: string; title: string; statusLabel: string; link: string; reportLink: string };
  followup: { offsetDays: number; asOf: string; fixDay: string; sentence: string; verdictLabel: string; next: string | null };
  /** Set when this follow-up resolved or reopened the case. */
  outcome: { statusLabel: string; reason: string } | null;
}

/**
 * Queues an e-mail to a case's owner with a follow-up result, in the caller's transaction: it is
 * committed with the measurement or not at all, and the delivery job sends and retries it. Returns
 * undefined when the owner already has this day's message about the case.
 */
export async function queueCaseFollowupNotice(
  config: Pick<Config, 'NOTIFY_TEMPLATES_DIR'>,
  db: Db,
  notice: { caseId: number; address: string; day: string; context: CaseFollowupNoticeContext },
  at: Date,
): Promise<number | undefined> {
  const message = await renderMessage({ name: 'case-followup', channel: 'email', context: notice.context, overrideDir: config.NOTIFY_TEMPLATES_DIR });
  return deliveryRepo.insertCaseNotice(db, { caseId: notice.caseId, address: notice.address, day: notice.day, ...message }, at);
}
