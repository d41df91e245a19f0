import { Router } from 'express';
import type { AppContext } from '../../context.ts';

export function topicRoutes(_ctx: AppContext): Router {
  return Router();
}
