import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { parse, type Info } from 'csv-parse';
import { AppError } from '../http/errors.ts';

/** How many rejected lines an import lists; the count covers all of them. */
export const MAX_LISTED_REJECTIONS = 1000;

/** A file's columns: every one it may have, and those it must have. */
export interface CsvColumns<Column extends string> {
  all: readonly Column[];
  required: readonly Column[];
}

/** A bad row of a batch, by its position in the batch. */
export interface Rejection {
  index: number;
  errors: string[];
}

/** The good rows of one batch, each with its position in `lines`, the file line of every row checked. */
export interface CsvBatch<Valid> {
  lines: number[];
  valid: Valid[];
}

export interface CsvImportResult {
  rows: number;
  created: number;
  duplicates: number;
  rejectedCount: number;
  rejected: Array<{ line: number; errors: string[] }>;
}

export interface BatchedImportOptions<Column extends string, Valid> {
  columns: CsvColumns<Column>;
  batchSize: number;
  /** Batches stored at the same time (each on its own connection); 1 stores them one after another. */
  concurrency: number;
  /** Checks one data row against the header: its stored form at batch position `index`, or why it is bad. */
  check: (header: Column[], fields: string[], index: number) => { ok: true; value: Valid } | { ok: false; errors: string[] };
  /** Stores a batch's good rows; answers what it stored and which of them (by position) the database refused. */
  store: (batch: CsvBatch<Valid>) => Promise<{ created: number; duplicates: number; rejected: Rejection[] }>;
  /** Called after each stored batch with bytes read and data rows seen so far. */
  onProgress?: ((progress: { bytes: number; rows: number }) => void) | undefined;
}

/** Checks the header row; an unknown, missing or repeated column refuses the file before a row is read. */
export function checkHeader<Column extends string>(fields: string[], columns: CsvColumns<Column>): Column[] {
  const names = fields.map((f) => f.trim().toLowerCase());
  const unknown = names.filter((n) => !(columns.all as readonly string[]).includes(n));
  const missing = columns.required.filter((c) => !names.includes(c));
  const repeated = names.filter((n, i) => names.indexOf(n) !== i);
  const problems = [
    ...(unknown.length ? [`unknown column(s) ${unknown.map((u) => `"${u}"`).join(', ')}`] : []),
    ...(missing.length ? [`missing column(s) ${missing.join(', ')}`] : []),
    ...(repeated.length ? [`repeated column(s) ${[...new Set(repeated)].join(', ')}`] : []),
  ];
  if (problems.length) {
    throw new AppError('INVALID_INPUT', `Line 1: bad CSV header: ${problems.join('; ')}. Expected: ${columns.all.join(',')}`, { line: 1, expected: columns.all });
  }
  return names as Column[];
}

/** A row's value in the named column, or undefined when the file has no such column. */
export function columnValue<Column extends string>(header: Column[], fields: string[], column: Column): string | undefined {
  const index = header.indexOf(column);
  return index === -1 ? undefined : fields[index];
}

/**
 * Ids for rows without an external_id: a digest of their content plus how many identical rows came
 * before in the same file. Re-importing the file, a corrected copy of it, or the rest of a file whose
 * import was killed half way therefore stores every row exactly once.
 */
export class DerivedIds {
  private readonly seen = new Map<string, number>();
  next(content: ReadonlyArray<string | number | null | undefined>): string {
    const digest = createHash('sha256')
      .update(content.map((v) => v ?? '').join('\u0000'))
      .digest('base64url')
      .slice(0, 22);
    const occurrence = (this.seen.get(digest) ?? 0) + 1;
    this.seen.set(digest, occurrence);
    return `row:${digest}:${occurrence}`;
  }
}

const newlinesIn = (fields: string[]) => fields.reduce((n, field) => n + (field.match(/\n/g)?.length ?? 0), 0);

/** A row's errors named by the file's columns (`received_at: …`), not by the API's fields (`receivedAt: …`). */
export function inColumnNames(errors: string[]): string[] {
  return errors.map((error) => error.replace(/^([a-z]+(?:[A-Z][a-z]*)+):/, (_, field: string) => `${field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)}:`));
}

/**
 * Bytes that are not UTF-8 are read as U+FFFD. Such a row would be stored with its letters lost
 * ("bl�b�r"); it is refused, with the fix. Excel in Norway saves "CSV" as Windows-1252.
 */
export const NOT_UTF8 = 'the row is not UTF-8 text, so letters such as æ, ø and å would be lost: save the file as "CSV UTF-8" (in Excel: Save as → CSV UTF-8) and import it again';

/**
 * Streams a CSV file into the database in batches, never holding the file in memory. Bad rows
 * (broken quoting, wrong field count, invalid values) are reported by line and the good rows are
 * kept. With `concurrency` above 1, the next batch is parsed while earlier ones are stored; a failed
 * batch stops the import once the batches in flight have finished.
 */
export async function importCsvBatches<Column extends string, Valid>(input: Readable, options: BatchedImportOptions<Column, Valid>): Promise<CsvImportResult> {
  const result: CsvImportResult = { rows: 0, created: 0, duplicates: 0, rejectedCount: 0, rejected: [] };
  const reject = (line: number, errors: string[]) => {
    result.rejectedCount++;
    if (result.rejected.length < MAX_LISTED_REJECTIONS) result.rejected.push({ line, errors });
  };

  /** The last line of the last record read, good or bad: a broken record starts after it. */
  let lastLine = 1;
  const parser = parse({
    bom: true,
    info: true,
    relax_column_count: true,
    // A stray quote inside a value (`said "no" twice`, `"5"x`) is kept as a character, as spreadsheets
    // do. Strict parsing rejects the row and then reads the quotes of the following rows the wrong
    // way round, so good rows after it were rejected or silently dropped.
    relax_quotes: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    // Called as each record is parsed, before the loop below reads it (the parser runs ahead).
    on_record: (record, context) => {
      lastLine = context.lines;
      return record;
    },
    on_skip: (error) => {
      if (!error) return;
      const line = Number((error as unknown as { lines?: number }).lines ?? 0);
      if ((error as { code?: string }).code === 'CSV_QUOTE_NOT_CLOSED') {
        // The parser read from the opening quote to the end of the file as one value.
        const from = Math.min(lastLine + 1, line);
        result.rows++;
        reject(from, [
          `CSV syntax: the quote opened on line ${from} is never closed, so line ${from}${line > from ? ` to the end of the file (line ${line})` : ''} was read as one value and not stored. ` +
            'Close the quote (write a quote inside a quoted value as "") and import the file again; rows already stored count as duplicates.',
        ]);
        lastLine = line;
        return;
      }
      lastLine = line;
      result.rows++;
      reject(line, [`CSV syntax: ${error.message}`]);
    },
  });
  input.on('error', (error) => parser.destroy(error));
  input.pipe(parser);

  const inFlight = new Set<Promise<void>>();
  let failure: unknown;
  const waitForRoom = async (room: number) => {
    while (inFlight.size > room) await Promise.race(inFlight);
    if (failure) throw failure;
  };
  const start = (rows: CsvBatch<Valid>) => {
    const stored: Promise<void> = options
      .store(rows)
      .then((outcome) => {
        result.created += outcome.created;
        result.duplicates += outcome.duplicates;
        for (const rejection of outcome.rejected) reject(rows.lines[rejection.index]!, rejection.errors);
        options.onProgress?.({ bytes: parser.info.bytes, rows: result.rows });
      })
      .catch((error: unknown) => {
        failure ??= error;
      })
      .finally(() => inFlight.delete(stored));
    inFlight.add(stored);
  };

  let header: Column[] | undefined;
  let batch: CsvBatch<Valid> = { lines: [], valid: [] };
  try {
    for await (const record of parser as AsyncIterable<{ record: string[]; info: Info }>) {
      // A row is named by the line it starts on, also when a quoted value spans several lines.
      const line = record.info.lines - newlinesIn(record.record);
      if (!header) {
        header = checkHeader(record.record, options.columns);
        continue;
      }
      result.rows++;
      if (record.record.length !== header.length) {
        reject(line, [`expected ${header.length} fields (${header.join(',')}), found ${record.record.length}`]);
        continue;
      }
      if (record.record.some((field) => field.includes('\uFFFD'))) {
        reject(line, [NOT_UTF8]);
        continue;
      }
      const index = batch.lines.push(line) - 1;
      const checked = options.check(header, record.record, index);
      if (checked.ok) batch.valid.push(checked.value);
      else reject(line, checked.errors);
      if (batch.lines.length >= options.batchSize) {
        const rows = batch;
        batch = { lines: [], valid: [] };
        await waitForRoom(options.concurrency - 1);
        start(rows);
      }
    }
  } catch (error) {
    // Let the batches in flight finish (they are complete and valid) before reporting the failure.
    await Promise.allSettled(inFlight);
    throw error;
  }
  if (!header) throw new AppError('INVALID_INPUT', `The CSV file is empty; expected a header: ${options.columns.all.join(',')}`);
  if (batch.lines.length > 0) start(batch);
  await waitForRoom(0);
  result.rejected.sort((a, b) => a.line - b.line);
  return result;
}
