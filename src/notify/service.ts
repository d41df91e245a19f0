/** What other modules and the jobs may call in notifications. */
export { queueSpikeNotices, spikeNoticeFor } from './spikeNotices.ts';
export { queueDigests } from './digestNotices.ts';
export { buildDigest, WAITING_CASE_STATUSES, type Digest } from './digest.ts';
export { deliverDue, type DeliveryRun } from './deliver.ts';
export { createTarget, deactivateTarget, listTargets, sendTestMessage, updateTarget, type TargetView } from './targets.ts';
export { listDeliveries, retryDelivery } from './deliveries.ts';
export { queueCaseFollowupNotice, type CaseFollowupNoticeContext } from './caseNotices.ts';
