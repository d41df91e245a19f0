import { Router, type Request, type Response } from 'express';
import type { AppContext } from '../../context.ts';
import type { Db } from '../../db/database.ts';
import { AppError } from '../../http/errors.ts';
import { listPhases, listTopicPlaces, placeTopic } from '../../journey/service.ts';
import { field, type FieldErrors } from '../http/forms.ts';
import { flash, tr } from '../http/page.ts';
import { requirePage } from '../http/signedIn.ts';
import { refusalOf } from './adminShared.ts';

export interface PlaceValues {
  phase: string;
  touchPoint: string;
}

/**
 * A topic's place in the customer journey for its admin page: its own phase and touch point (or
 * none, inheriting its parent's), with the phases to choose from. Undefined for an unknown or merged topic.
 */
export async function topicPlaceForm(db: Db, key: string, asked?: PlaceValues) {
  const [places, phases] = await Promise.all([listTopicPlaces(db), listPhases(db)]);
  const place = places.find((p) => p.topic === key);
  if (!place || place.mergedInto) return undefined;
  const values = asked ?? { phase: place.own?.phase ?? '', touchPoint: place.own?.touchPoint ?? '' };
  const phaseName = new Map(phases.map((p) => [p.key, p.name]));
  return {
    values,
    inherited: !place.own && place.phase ? { phase: phaseName.get(place.phase), from: places.find((p) => p.topic === place.inheritedFrom)?.name } : undefined,
    phases: phases.map((p) => ({
      key: p.key,
      name: p.name,
      selected: p.key === values.phase,
      touchPoints: p.touchPoints.map((tp) => ({ key: tp.key, name: tp.name, selected: tp.key === values.touchPoint })),
    })),
  };
}

/** Saves a topic's own place; a refusal comes back as field errors for the topic page to show. */
export function topicPlaceRoutes(ctx: AppContext, showError: (req: Request, res: Response, errors: FieldErrors, values: PlaceValues) => Promise<void>): Router {
  const router = Router();
  router.post('/admin/topics/:key/place', ...requirePage('manageJourney'), async (req, res) => {
    const key = String(req.params.key);
    const values: PlaceValues = { phase: field(req.body, 'phase'), touchPoint: field(req.body, 'touchPoint') };
    if (!values.phase && values.touchPoint) return showError(req, res, { touchPoint: tr(res)('admin.place.touchPointNeedsPhase') }, values);
    try {
      await placeTopic(ctx.pool, key, values.phase ? { phase: values.phase, touchPoint: values.touchPoint || null } : { phase: null }, ctx.now());
    } catch (error) {
      const refusal = refusalOf(error);
      if (refusal.code === 'NOT_FOUND' && !/phase|touch point/.test(refusal.message)) throw new AppError('NOT_FOUND', refusal.message);
      const at = /^touchPoint:/.test(refusal.message) ? 'touchPoint' : 'phase';
      return showError(req, res, { [at]: tr(res)(at === 'touchPoint' ? 'admin.place.touchPointElsewhere' : 'admin.place.phaseUnknown') }, values);
    }
    flash(req, { kind: 'success', key: 'admin.place.saved' });
    res.redirect(303, `/admin/topics/${encodeURIComponent(key)}`);
  });
  return router;
}
