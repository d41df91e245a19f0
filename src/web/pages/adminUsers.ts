import { Router } from 'express';
import type { AppContext } from '../../context.ts';

export function adminUserRoutes(_ctx: AppContext): Router {
  return Router();
}
