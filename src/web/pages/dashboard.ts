import { Router } from 'express';
import type { AppContext } from '../../context.ts';

export function dashboardRoutes(_ctx: AppContext): Router {
  return Router();
}
