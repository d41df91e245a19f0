import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { parse, type Info } from 'csv-parse';
import type pg from 'pg';
import { AppError } from '../http/errors.ts';
import { storeValid, validateItem, type IngestOptions, type Rejection, type ValidItem } from './ingest.ts';

export const CSV_COLUMNS = ['received_at', 'topic', 'market', 'channel', 'note', 'external_id'] as const;
const REQUIRED_COLUMNS = ['received_at', 'topic', 'market'] as const;
/** How many rejected lines an import lists; the count covers all of them. */
export const MAX_LISTED_REJECTIONS = 1000;

export interface CsvImportOptions extends Omit<IngestOptions, 'defaultSource'> {
  source: string;
  batchSize?: number;
  /** Batches stored at the same time (each on its own connection). */
  concurrency?: number;
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

type Column = (typeof CSV_COLUMNS)[number];

/** Checks the header row; anything but the known columns is refused before a row is read. */
export function parseHeader(fields: string[]): Column[] {
  const names = fields.map((f) => f.trim().toLowerCase());
  const unknown = names.filter((n) => !(CSV_COLUMNS as readonly string[]).includes(n));
  const missing = REQUIRED_COLUMNS.filter((c) => !names.includes(c));
  const repeated = names.filter((n, i) => names.indexOf(n) !== i);
  const problems: string[] = [];
  if (unknown.length) problems.push(`unknown column(s) ${unknown.map((u) => `"${u}"`).join(', ')}`);
  if (missing.length) problems.push(`missing column(s) ${missing.join(', ')}`);
  if (repeated.length) problems.push(`repeated column(s) ${[...new Set(repeated)].join(', ')}`);
  if (problems.length) {
    throw new AppError('INVALID_INPUT', `Line 1: bad CSV header: ${problems.join('; ')}. Expected: ${CSV_COLUMNS.join(',')}`, {
      line: 1,
      expected: CSV_COLUMNS,
    });
  }
  return names as Column[];
}

/**
 * Rows without an external_id get one derived from their content plus how many identical rows came
 * before in the same file. Re-importing the file, a corrected copy of it, or the rest of a file whose
 * import was killed half way therefore stores every row exactly once.
 */
class DerivedIds {
  private readonly seen = new Map<string, number>();
  next(fields: { receivedAt: Date; topic: string; market: string; channel: string; note?: string }): string {
    const digest = createHash('sha256')
      .update(`${fields.receivedAt.toISOString()}\u0000${fields.topic}\u0000${fields.market}\u0000${fields.channel}\u0000${fields.note ?? ''}`)
      .digest('base64url')
      .slice(0, 22);
    const occurrence = (this.seen.get(digest) ?? 0) + 1;
    this.seen.set(digest, occurrence);
    return `row:${digest}:${occurrence}`;
  }
}

/**
 * Streams a CSV file into inquiries in batches, never holding the file in memory. Bad rows (broken
 * quoting, wrong field count, invalid values) are reported by line and the good rows are kept.
 * Parsing the next batch overlaps with storing the previous one.
 */
export async function importCsv(pool: pg.Pool, input: Readable, options: CsvImportOptions): Promise<CsvImportResult> {
  const batchSize = options.batchSize ?? 5000;
  const concurrency = options.concurrency ?? 2;
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
      const line = Number((error as unknown as { lines?: number }).lines ?? 0);
      result.rows++;
      reject(line, [`CSV syntax: ${error.message}`]);
    },
  });
  input.on('error', (error) => parser.destroy(error));
  input.pipe(parser);

  const ids = new DerivedIds();
  let header: Column[] | undefined;
  // Each batch holds the rows that passed validation (index = position in `lines`) and the lines of those that did not.
  let batch: { lines: number[]; valid: ValidItem[]; rejected: Rejection[] } = { lines: [], valid: [], rejected: [] };
  // Up to `concurrency` batches are stored at once on separate connections while the next is parsed,
  // so the parser and the database work side by side. A failed batch stops the import.
  const inFlight = new Set<Promise<void>>();
  let failure: unknown;
  const waitForRoom = async (room: number) => {
    while (inFlight.size > room) await Promise.race(inFlight);
    if (failure) throw failure;
  };
  const start = (rows: typeof batch) => {
    const stored: Promise<void> = flush(rows)
      .catch((error: unknown) => {
        failure ??= error;
      })
      .finally(() => inFlight.delete(stored));
    inFlight.add(stored);
  };

  const flush = (rows: typeof batch) =>
    storeValid(pool, rows.valid, rows.rejected, { ...options, defaultSource: options.source }).then((stored) => {
      result.created += stored.created;
      result.duplicates += stored.duplicates;
      for (const rejection of stored.rejected) reject(rows.lines[rejection.index]!, rejection.errors);
      options.onProgress?.({ bytes: parser.info.bytes, rows: result.rows });
    });

  try {
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
      const checked = validateItem(toItem(header, record.record), options);
      if (!checked.ok) {
        batch.rejected.push({ index, errors: checked.errors });
      } else {
        checked.input.externalId ??= ids.next({ ...checked.input, receivedAt: checked.receivedAt });
        batch.valid.push({ index, input: checked.input, receivedAt: checked.receivedAt });
      }
      if (batch.lines.length >= batchSize) {
        const rows = batch;
        batch = { lines: [], valid: [], rejected: [] };
        await waitForRoom(concurrency - 1);
        start(rows);
      }
    }
  } catch (error) {
    // Let the batches in flight finish (they are complete and valid) before reporting the failure.
    await Promise.allSettled(inFlight);
    throw error;
  }
  if (!header) throw new AppError('INVALID_INPUT', `The CSV file is empty; expected a header: ${CSV_COLUMNS.join(',')}`);
  if (batch.lines.length > 0) start(batch);
  await waitForRoom(0);
  result.rejected.sort((a, b) => a.line - b.line);
  return result;
}

function toItem(header: Column[], fields: string[]): Record<string, unknown> {
  const value = (column: Column) => {
    const index = header.indexOf(column);
    return index === -1 ? undefined : fields[index];
  };
  const externalId = value('external_id')?.trim();
  return {
    receivedAt: value('received_at'),
    topic: value('topic'),
    market: value('market'),
    channel: value('channel'),
    note: value('note'),
    ...(externalId ? { externalId } : {}),
  };
}
