/** What other modules (the tracker sync, the CLI, the web pages) and the jobs may call in follow-ups. */
export { markFixShipped, type FixShippedInput } from './fixShipped.ts';
export { followupPlan, planView, type FollowupPlan } from './planView.ts';
export { measureNow, listCaseMeasurements } from './manual.ts';
export { runScheduledFollowup } from './followup.ts';
export { reconcileFollowups } from './reconcile.ts';
export { AWAITING_FOLLOWUP, measuredCaseOf, type FollowupContext } from './shared.ts';
