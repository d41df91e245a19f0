import { Router } from 'express';
import { z } from 'zod';
import { requirePermission } from '../auth/middleware.ts';
import type { AppContext } from '../context.ts';
import { parseInput, rowIdText, toNotBeforeFrom } from '../http/validation.ts';
import { taxonomyKey } from '../taxonomy/schemas.ts';
import { dayOf, isValidDay } from '../time.ts';
import { acknowledgeSpike, dismissSpike, findSpikes, getSpikeDetail } from './service.ts';
import { SPIKE_STATUSES } from './spikes.ts';

const day = z.string().refine(isValidDay, 'must be a date (YYYY-MM-DD)');
const listQuery = z.object({
  status: z
    // ?status=a&status=b is the same as ?status=a,b
    .preprocess((v) => (Array.isArray(v) ? v.join(',') : v), z.string())
    .transform((v) => v.split(',').map((s) => s.trim()).filter(Boolean))
    .pipe(z.array(z.enum(SPIKE_STATUSES, { message: `must be among ${SPIKE_STATUSES.join(', ')}` })))
    .optional(),
  topic: taxonomyKey.optional(),
  market: taxonomyKey.optional(),
  from: day.optional(),
  to: day.optional(),
}).superRefine(toNotBeforeFrom);
const idParam = z.object({ id: rowIdText() });
const dismissBody = z.object({ reason: z.string().trim().min(1, 'is required').max(2000, 'at most 2000 characters') });

/** Spikes: anyone signed in reads them; analysts and admins acknowledge and dismiss. */
export function spikeRoutes(ctx: AppContext): Router {
  const router = Router();
  const read = requirePermission('readSpikes');
  const triage = requirePermission('triageSpikes');
  router.get('/spikes', read, async (req, res) => {
    res.json({ spikes: await findSpikes(ctx.pool, parseInput(listQuery, req.query, 'query')) });
  });
  router.get('/spikes/:id', read, async (req, res) => {
    const { id } = parseInput(idParam, req.params, 'spike id');
    res.json(await getSpikeDetail(ctx.pool, id, { today: dayOf(ctx.now(), ctx.config.TZ_NAME), country: ctx.config.HOLIDAY_COUNTRY }));
  });
  router.post('/spikes/:id/acknowledge', triage, async (req, res) => {
    const { id } = parseInput(idParam, req.params, 'spike id');
    res.json(await acknowledgeSpike(ctx.pool, id, ctx.now()));
  });
  router.post('/spikes/:id/dismiss', triage, async (req, res) => {
    const { id } = parseInput(idParam, req.params, 'spike id');
    const { reason } = parseInput(dismissBody, req.body, 'dismissal');
    res.json(await dismissSpike(ctx.pool, id, reason, ctx.now()));
  });
  return router;
}
