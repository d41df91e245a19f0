import type { Job } from 'agenda';
import type { AppContext } from '../context.ts';

/** A job: a name, a handler that takes its scheduled time as `asOf`, and an optional repeat interval. */
export interface JobDefinition {
  name: string;
  /** Repeat interval in Agenda's syntax ('60 seconds'); omitted for jobs scheduled on demand. */
  every?: (ctx: AppContext) => string;
  /** Time zone a cron `every` is read in (the organisation's TZ_NAME for "after midnight" jobs). */
  timezone?: (ctx: AppContext) => string;
  lockLifetimeMs?: number;
  handle(ctx: AppContext, job: Job<unknown>, asOf: Date): Promise<'done' | 'skipped'>;
}
