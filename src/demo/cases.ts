import type { Principal } from '../auth/principal.ts';
import { createAction } from '../cases/actions.ts';
import type { CaseStatus, CreateCaseBody } from '../cases/schemas.ts';
import { changeStatus, createCase, listCases, type CallContext } from '../cases/service.ts';
import { markFixShipped } from '../followups/fixShipped.ts';
import { runScheduledFollowup } from '../followups/followup.ts';
import type { FollowupContext } from '../followups/shared.ts';
import { parseInstant, type Day } from '../time.ts';
import { ensureDemoPeople, type DemoPeople } from './people.ts';

/** One step of a demo case's life, at a wall-clock time in the organisation's zone. */
type Step =
  | { at: string; status: CaseStatus }
  | { at: string; action: { title: string; dueDate: Day } }
  | { at: string; fixShipped: string };

interface DemoCase {
  createdAt: string;
  body: (people: DemoPeople) => CreateCaseBody;
  steps: Step[];
}

/**
 * FINN's two stories as the cases a UX team would have written, plus two younger ones for the board
 * and the triage view. The follow-ups that are due by `asOf` are measured as the worker would have
 * measured them on their own days, so the case reports show the −87 % and −80 % from the data.
 */
const DEMO_CASES: DemoCase[] = [
  {
    createdAt: '2025-11-20T09:30',
    body: (p) => ({
      title: 'Image upload in ad creation',
      topics: ['image-upload'],
      markets: [],
      currentState:
        'About 30 % of all logged inquiries in November are about uploading images while creating an ad. Sellers give up half way and call us instead.',
      rootCauses: [
        { text: 'Large photos from new phones time out during upload, with no message to the seller.', category: 'technical' },
        { text: 'The uploader refuses some image formats without saying which ones work.', category: 'technical' },
        { text: 'The help text does not say how many images an ad may have.', category: 'content' },
      ],
      desiredState: 'Uploading images is no reason to contact us: image upload back to a few per cent of all inquiries.',
      target: { metric: 'share', max: 0.05 },
      ownerId: p.owner.userId,
      team: 'Ad creation',
      priority: 'high',
      decision: 'now',
    }),
    steps: [
      { at: '2025-11-20T10:00', action: { title: 'Give the team the list of the most common upload problems, and fix the simple ones', dueDate: '2025-12-10' } },
      { at: '2025-11-21T14:00', status: 'refining' },
      { at: '2025-11-24T11:00', status: 'ready' },
      { at: '2025-11-25T09:00', status: 'in_progress' },
      { at: '2025-12-10T16:00', fixShipped: '2025-12-10T15:00' },
    ],
  },
  {
    createdAt: '2026-10-09T08:45',
    body: (p) => ({
      title: 'SMS payment fails on Torget',
      topics: ['sms-payment'],
      markets: ['torget'],
      currentState:
        'Inquiries about SMS payment on Torget have risen from 3–4 a day in September to over ten a day, and keep rising. Buyers are charged but the seller is not told.',
      rootCauses: [{ text: "The SMS payment supplier's gateway drops confirmations when traffic is high.", category: 'technical' }],
      desiredState: 'SMS payment works as before: back to the September level of 3–4 inquiries a day.',
      target: { metric: 'ratePerDay', max: 5 },
      ownerId: p.owner.userId,
      team: 'Torget payments',
      priority: 'critical',
      decision: 'now',
    }),
    steps: [
      { at: '2026-10-09T09:00', action: { title: 'Get the supplier to prioritise the dropped confirmations', dueDate: '2026-10-31' } },
      { at: '2026-10-12T13:00', status: 'refining' },
      { at: '2026-10-14T10:00', status: 'ready' },
      { at: '2026-10-20T09:00', status: 'in_progress' },
      { at: '2026-11-01T23:30', fixShipped: '2026-11-01T23:15' },
    ],
  },
  {
    createdAt: '2026-11-10T12:00',
    body: (p) => ({
      title: 'Editing car ads',
      topics: ['ad-editing'],
      markets: ['bil'],
      currentState: 'Many inquiries on Bil are about changing the price or the photos of an ad that is already published.',
      rootCauses: [{ text: 'The edit button is hidden in a menu on the ad page.', category: 'technical' }],
      desiredState: 'Sellers find how to edit their ad without help.',
      target: null,
      ownerId: p.owner.userId,
      team: 'Bil',
      priority: 'medium',
      decision: 'later',
    }),
    steps: [{ at: '2026-11-11T10:00', status: 'refining' }],
  },
  {
    createdAt: '2026-11-18T15:00',
    body: () => ({
      title: 'Cannot log in after changing e-mail address',
      topics: ['login'],
      markets: [],
      currentState: 'Some people who changed their e-mail address cannot log in with the new one.',
      decision: 'discuss',
      priority: 'medium',
    }),
    steps: [],
  },
];

export interface DemoCasesResult {
  created: string[];
  /** The demo cases were there already (the demo is safe to run twice). */
  alreadyThere: boolean;
}

/**
 * Adds the demo's cases through the same services people use, each step at its own time. Needs the
 * demo inquiries (loadDemo) first; does nothing when the first demo case exists already.
 */
export async function loadDemoCases(ctx: FollowupContext, options: { asOf: Date }): Promise<DemoCasesResult> {
  const timeZone = ctx.config.TZ_NAME;
  const people = await ensureDemoPeople(ctx.pool);
  const existing = await listCases(ctx.pool, { q: 'Image upload in ad creation', limit: 1 }, people.ux);
  if (existing.length > 0) return { created: [], alreadyThere: true };

  const at = (local: string) => parseInstant(local, timeZone)!;
  const call = (local: string): CallContext => ({ principal: people.ux, asOf: at(local), timeZone });
  const created: string[] = [];
  for (const demo of DEMO_CASES) {
    if (at(demo.createdAt) > options.asOf) continue;
    const view = await createCase(ctx.pool, demo.body(people), call(demo.createdAt));
    created.push(view.key);
    for (const step of demo.steps) {
      if (at(step.at) > options.asOf) break;
      if ('status' in step) await changeStatus(ctx.pool, view.id, { status: step.status }, call(step.at));
      else if ('action' in step) await createAction(ctx.pool, view.id, { ...step.action, ownerId: people.owner.userId }, call(step.at));
      else await shipAndFollowUp(ctx, view.id, { shippedAt: at(step.fixShipped), recordedAt: at(step.at), by: people.ux, asOf: options.asOf });
    }
  }
  return { created, alreadyThere: false };
}

/** Records the fix at its time, then runs each follow-up whose time has come, at that time, as the worker would have. */
async function shipAndFollowUp(ctx: FollowupContext, caseId: number, input: { shippedAt: Date; recordedAt: Date; by: Principal; asOf: Date }): Promise<void> {
  const plan = await markFixShipped({ ...ctx, now: () => input.recordedAt }, caseId, { shippedAt: input.shippedAt, actor: input.by.name, actorUserId: input.by.userId });
  for (const followup of plan.followups) {
    if (followup.runAt > input.asOf) break;
    const worker = { ...ctx, now: () => followup.runAt };
    await runScheduledFollowup(worker, { caseId, offsetDays: followup.offsetDays, asOfDay: followup.asOf }, followup.runAt);
  }
}
