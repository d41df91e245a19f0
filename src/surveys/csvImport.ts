import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { parse, type Info } from 'csv-parse';
import type pg from 'pg';
import { AppError } from '../http/errors.ts';
import { storeValid, validateResponse, type IngestOptions, type Rejection, type ValidResponse } from './ingest.ts';

export const CSV_COLUMNS = ['answered_at', 'metric', 'score', 'scale', 'topic', 'market', 'phase', 'comment', 'external_id'] as const;
const REQUIRED_COLUMNS = ['answered_at', 'metric', 'score'] as const;
/** How many rejected lines an import lists; the count covers all of them. */
export const MAX_LISTED_REJECTIONS = 1000;

type Column = (typeof CSV_COLUMNS)[number];

export interface CsvImportOptions extends Omit<IngestOptions, 'defaultSource' | 'returnIds'> {
  source: string;
  batchSize?: number;
  /** Called after each stored batch with bytes read and data rows seen so far. */
  onProgress?: (progress: { bytes: number; rows: number }) => void;
}

export interface CsvImportResult {
  rows: number;
  created: number;
  duplicates: number;
  rejectedCount: number;
  rejected: Array<{ line: number; errors: string[] }>;
}

/** Checks the header row; an unknown, missing or repeated column refuses the file before a row is read. */
export function parseHeader(fields: string[]): Column[] {
  const names = fields.map((f) => f.trim().toLowerCase());
  const unknown = names.filter((n) => !(CSV_COLUMNS as readonly string[]).includes(n));
  const missing = REQUIRED_COLUMNS.filter((c) => !names.includes(c));
  const repeated = names.filter((n, i) => names.indexOf(n) !== i);
  const problems = [
    ...(unknown.length ? [`unknown column(s) ${unknown.map((u) => `"${u}"`).join(', ')}`] : []),
    ...(missing.length ? [`missing column(s) ${missing.join(', ')}`] : []),
    ...(repeated.length ? [`repeated column(s) ${[...new Set(repeated)].join(', ')}`] : []),
  ];
  if (problems.length) {
    throw new AppError('INVALID_INPUT', `Line 1: bad CSV header: ${problems.join('; ')}. Expected: ${CSV_COLUMNS.join(',')}`, { line: 1, expected: CSV_COLUMNS });
  }
  return names as Column[];
}

/**
 * Rows without an external_id get one derived from their content and how many identical rows came
 * before them in the file, so importing a file twice, or the rest of a file whose import was killed
 * half way, stores every answer exactly once.
 */
class DerivedIds {
  private readonly seen = new Map<string, number>();
  next(answer: ValidResponse): string {
    const { input, answeredAt } = answer;
    const content = [answeredAt.toISOString(), input.metric, input.scale, input.score, input.topic, input.market, input.phase, input.comment].map((v) => v ?? '');
    const digest = createHash('sha256').update(content.join('\u0000')).digest('base64url').slice(0, 22);
    const occurrence = (this.seen.get(digest) ?? 0) + 1;
    this.seen.set(digest, occurrence);
    return `row:${digest}:${occurrence}`;
  }
}

/**
 * Streams a CSV file of survey answers into the database in batches, never holding the file in
 * memory. A bad row (broken quoting, a missing field, an out-of-range score, an unknown scale or key,
 * a bad date) is reported by its line and the good rows are kept.
 */
export async function importResponsesCsv(pool: pg.Pool, input: Readable, options: CsvImportOptions): Promise<CsvImportResult> {
  const batchSize = options.batchSize ?? 5000;
  const result: CsvImportResult = { rows: 0, created: 0, duplicates: 0, rejectedCount: 0, rejected: [] };
  const reject = (line: number, errors: string[]) => {
    result.rejectedCount++;
    if (result.rejected.length < MAX_LISTED_REJECTIONS) result.rejected.push({ line, errors });
  };
  const parser = parse({
    bom: true,
    info: true,
    relax_column_count: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    on_skip: (error) => {
      if (!error) return;
      result.rows++;
      reject(Number((error as unknown as { lines?: number }).lines ?? 0), [`CSV syntax: ${error.message}`]);
    },
  });
  input.on('error', (error) => parser.destroy(error));
  input.pipe(parser);

  const ids = new DerivedIds();
  let header: Column[] | undefined;
  let batch: { lines: number[]; valid: ValidResponse[]; rejected: Rejection[] } = { lines: [], valid: [], rejected: [] };
  const flush = async () => {
    const stored = await storeValid(pool, batch.valid, batch.rejected, { ...options, defaultSource: options.source });
    result.created += stored.created;
    result.duplicates += stored.duplicates;
    for (const rejection of stored.rejected) reject(batch.lines[rejection.index]!, rejection.errors);
    batch = { lines: [], valid: [], rejected: [] };
    options.onProgress?.({ bytes: parser.info.bytes, rows: result.rows });
  };

  for await (const record of parser as AsyncIterable<{ record: string[]; info: Info }>) {
    const line = record.info.lines;
    if (!header) {
      header = parseHeader(record.record);
      continue;
    }
    result.rows++;
    if (record.record.length !== header.length) {
      reject(line, [`expected ${header.length} fields (${header.join(',')}), found ${record.record.length}`]);
      continue;
    }
    const index = batch.lines.push(line) - 1;
    const checked = validateResponse(toItem(header, record.record), options);
    if (!checked.ok) {
      batch.rejected.push({ index, errors: checked.errors });
    } else {
      const answer = { index, input: checked.input, answeredAt: checked.answeredAt };
      answer.input.externalId ??= ids.next(answer);
      batch.valid.push(answer);
    }
    if (batch.lines.length >= batchSize) await flush();
  }
  if (!header) throw new AppError('INVALID_INPUT', `The CSV file is empty; expected a header: ${CSV_COLUMNS.join(',')}`);
  if (batch.lines.length > 0) await flush();
  result.rejected.sort((a, b) => a.line - b.line);
  return result;
}

function toItem(header: Column[], fields: string[]): Record<string, unknown> {
  const value = (column: Column) => {
    const index = header.indexOf(column);
    return index === -1 ? undefined : fields[index];
  };
  return {
    answeredAt: value('answered_at'),
    metric: value('metric'),
    score: value('score'),
    scale: value('scale'),
    topic: value('topic'),
    market: value('market'),
    phase: value('phase'),
    comment: value('comment'),
    externalId: value('external_id'),
  };
}
