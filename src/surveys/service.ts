import type { Db } from '../db/database.ts';
import { AppError } from '../http/errors.ts';
import * as taxonomy from '../taxonomy/service.ts';
import { addDays, dayOf, isValidDay } from '../time.ts';
import * as repo from './repo.ts';
import type { ListResponsesQuery } from './schemas.ts';

export { ingestResponses } from './ingest.ts';
export { importResponsesCsv } from './csvImport.ts';
export { experienceReport, type ExperienceReport } from './experience.ts';
export { experienceBeforeAfter, type ExperienceBeforeAfter, type ExperienceBeforeAfterInput } from './beforeAfter.ts';

/** Answers newest first, by default the last 30 days; a topic includes its sub-topics. */
export async function listResponses(db: Db, query: ListResponsesQuery, context: { timeZone: string; now: Date }): Promise<repo.ResponseView[]> {
  for (const [name, value] of [['from', query.from], ['to', query.to]] as const) {
    if (value !== undefined && !isValidDay(value)) throw new AppError('INVALID_INPUT', `${name}: "${value}" is not a date (YYYY-MM-DD)`);
  }
  const to = query.to ?? dayOf(context.now, context.timeZone);
  const from = query.from ?? addDays(to, -29);
  return repo.list(db, {
    from,
    to,
    timeZone: context.timeZone,
    limit: query.limit,
    ...(query.metric ? { metric: query.metric } : {}),
    ...(await taxonomy.filterScope(db, query)),
    ...(query.before !== undefined ? { beforeId: query.before } : {}),
  });
}
