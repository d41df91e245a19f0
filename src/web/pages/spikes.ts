import { Router } from 'express';
import type { AppContext } from '../../context.ts';

export function spikePageRoutes(_ctx: AppContext): Router {
  return Router();
}
