import type { CaseRow } from '../cases/repo.ts';
import { caseKey } from '../cases/view.ts';
import type { Db } from '../db/database.ts';
import { queueCaseFollowupNotice } from '../notify/service.ts';
import { getUsersByIds } from '../users/service.ts';
import { statusLabel, verdictLabel } from './labels.ts';
import type { FollowupOutcome } from './outcome.ts';
import type { PlannedFollowup } from './plan.ts';
import type { FollowupContext } from './shared.ts';

export const casePageLink = (baseUrl: string, id: number) => `${baseUrl}/cases/${id}`;
export const caseReportLink = (baseUrl: string, id: number) => `${baseUrl}/reports/cases/${caseKey(id)}`;

/**
 * Tells the case owner what a follow-up found, by e-mail through the notification deliveries (sent
 * and retried by their job). A case without an owner, or whose owner is disabled, tells no one.
 */
export async function noticeOwner(
  ctx: FollowupContext,
  tx: Db,
  input: { row: CaseRow; followup: PlannedFollowup; fixDay: string; next: PlannedFollowup | undefined; sentence: string; verdict: string; outcome: FollowupOutcome | null },
  at: Date,
): Promise<number | undefined> {
  const { row } = input;
  if (row.ownerUserId === null) return undefined;
  const [owner] = await getUsersByIds(tx, [row.ownerUserId]);
  if (!owner || owner.disabledAt) return undefined;
  const base = ctx.config.PUBLIC_BASE_URL;
  return queueCaseFollowupNotice(
    ctx.config,
    tx,
    {
      caseId: row.id,
      address: owner.email,
      day: input.followup.asOf,
      context: {
        owner: { name: owner.name },
        case: { key: caseKey(row.id), title: row.title, statusLabel: statusLabel(row.status), link: casePageLink(base, row.id), reportLink: caseReportLink(base, row.id) },
        followup: {
          offsetDays: input.followup.offsetDays,
          asOf: input.followup.asOf,
          fixDay: input.fixDay,
          sentence: input.sentence,
          verdictLabel: verdictLabel(input.verdict),
          next: input.next?.asOf ?? null,
        },
        outcome: input.outcome ? { statusLabel: statusLabel(input.outcome.status), reason: input.outcome.reason } : null,
      },
    },
    at,
  );
}
