import type { AppContext } from '../context.ts';
import { loadTrackerTemplates, type TrackerTemplates } from './bodies/render.ts';
import type { SecretSource, TrackerConnectionInput } from './connection.ts';
import { createTracker } from './createTracker.ts';
import type { Tracker } from './tracker.ts';

export type TrackerContext = Pick<AppContext, 'config' | 'now' | 'log'>;

/**
 * Where connection secrets are read. A connection names environment variables, which an operator
 * adds and rotates without a schema change, so they are read as they are now, not through config.
 */
export function secretSource(): SecretSource {
  return process.env;
}

/** A client for one stored connection; a missing secret or a bad connection is a TrackerConfigError. */
export function trackerFor(ctx: TrackerContext, connection: TrackerConnectionInput): Tracker {
  return createTracker(connection, { env: secretSource(), now: ctx.now, timeoutMs: ctx.config.TRACKER_TIMEOUT_MS });
}

const templatesByDir = new Map<string, TrackerTemplates>();

/** The tracker templates, compiled once per override directory (a broken override fails here, by name). */
export function trackerTemplates(ctx: Pick<AppContext, 'config'>): TrackerTemplates {
  const dir = ctx.config.TRACKER_TEMPLATES_DIR ?? '';
  let templates = templatesByDir.get(dir);
  if (!templates) {
    templates = loadTrackerTemplates({ overrideDir: dir || null });
    templatesByDir.set(dir, templates);
  }
  return templates;
}
