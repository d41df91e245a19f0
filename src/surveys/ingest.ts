import type pg from 'pg';
import { resolvePhaseKeys } from '../journey/service.ts';
import * as taxonomy from '../taxonomy/service.ts';
import { checkEvent } from '../inquiries/eventTime.ts';
import * as repo from './repo.ts';
import { responseInput, type ResponseInput } from './schemas.ts';

export interface IngestOptions {
  timeZone: string;
  /** Source for answers that do not name one. */
  defaultSource: string;
  loggedByTokenId: number | null;
  /** "Now" for the future-date check: answers more than a day after it are refused. */
  asOf: Date;
  returnIds?: boolean;
}

export interface Rejection {
  index: number;
  errors: string[];
}

export interface IngestResult {
  created: number;
  duplicates: number;
  rejected: Rejection[];
  ids: number[];
}

export interface ValidResponse {
  /** Position in the caller's batch, for reporting rejections. */
  index: number;
  input: ResponseInput;
  answeredAt: Date;
}

/** Validates one raw answer with the inquiries' time rules; returns it typed with its instant, or the reasons it is bad. */
export function validateResponse(raw: unknown, options: Pick<IngestOptions, 'timeZone' | 'asOf'>):
  | { ok: true; input: ResponseInput; answeredAt: Date }
  | { ok: false; errors: string[] } {
  const checked = checkEvent(responseInput, 'answeredAt', raw, options);
  return checked.ok ? { ok: true, input: checked.input, answeredAt: checked.at } : checked;
}

/** Stores every good answer of a batch and reports each bad one by index, with the field named. */
export async function ingestResponses(pool: pg.Pool, items: unknown[], options: IngestOptions): Promise<IngestResult> {
  const rejected: Rejection[] = [];
  const valid: ValidResponse[] = [];
  items.forEach((raw, index) => {
    const result = validateResponse(raw, options);
    if (result.ok) valid.push({ index, input: result.input, answeredAt: result.answeredAt });
    else rejected.push({ index, errors: result.errors });
  });
  return storeValid(pool, valid, rejected, options);
}

const keysOf = (valid: ValidResponse[], field: 'topic' | 'market' | 'phase') =>
  [...new Set(valid.flatMap((v) => (v.input[field] === undefined ? [] : [v.input[field]])))];

/** Resolves topic, market and phase keys and stores answers that passed validateResponse; unknown keys are rejected by name. */
export async function storeValid(pool: pg.Pool, valid: ValidResponse[], rejected: Rejection[], options: IngestOptions): Promise<IngestResult> {
  const topicIds = await taxonomy.resolveKeys(pool, 'topics', keysOf(valid, 'topic'));
  const marketIds = await taxonomy.resolveKeys(pool, 'markets', keysOf(valid, 'market'));
  const phaseIds = await resolvePhaseKeys(pool, keysOf(valid, 'phase'));
  const rows: repo.NewResponse[] = [];
  for (const { index, input, answeredAt } of valid) {
    const lookup = (field: 'topic' | 'market' | 'phase', ids: Map<string, number>, label: string) => {
      const key = input[field];
      if (key === undefined) return { id: null };
      const id = ids.get(key);
      return id === undefined ? { error: `${field}: unknown ${label} "${key}"` } : { id };
    };
    const topic = lookup('topic', topicIds, 'topic');
    const market = lookup('market', marketIds, 'market');
    const phase = lookup('phase', phaseIds, 'journey phase');
    const errors = [topic, market, phase].flatMap((found) => ('error' in found ? [found.error!] : []));
    if (errors.length > 0) {
      rejected.push({ index, errors });
      continue;
    }
    rows.push({
      metric: input.metric,
      scale: input.scale,
      score: input.score,
      answeredAt,
      topicId: topic.id ?? null,
      marketId: market.id ?? null,
      phaseId: phase.id ?? null,
      comment: input.comment ?? null,
      source: input.source ?? options.defaultSource,
      externalId: input.externalId ?? null,
    });
  }
  rejected.sort((a, b) => a.index - b.index);
  const { created, ids } = await repo.insertMany(pool, rows, { loggedByTokenId: options.loggedByTokenId, returnIds: options.returnIds ?? false });
  return { created, duplicates: rows.length - created, rejected, ids };
}
