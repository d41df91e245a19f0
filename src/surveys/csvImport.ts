import type { Readable } from 'node:stream';
import type pg from 'pg';
import { checkHeader, columnValue, DerivedIds, importCsvBatches, inColumnNames, type CsvImportResult } from '../csv/batchedImport.ts';
import { storeValid, validateResponse, type IngestOptions, type ValidResponse } from './ingest.ts';

export { MAX_LISTED_REJECTIONS, type CsvImportResult } from '../csv/batchedImport.ts';

export const CSV_COLUMNS = ['answered_at', 'metric', 'score', 'scale', 'topic', 'market', 'phase', 'comment', 'external_id'] as const;
type Column = (typeof CSV_COLUMNS)[number];
const COLUMNS = { all: CSV_COLUMNS, required: ['answered_at', 'metric', 'score'] as const };

export interface CsvImportOptions extends Omit<IngestOptions, 'defaultSource' | 'returnIds'> {
  source: string;
  batchSize?: number;
  /** Called after each stored batch with bytes read and data rows seen so far. */
  onProgress?: (progress: { bytes: number; rows: number }) => void;
}

/** Checks the header row; an unknown, missing or repeated column refuses the file before a row is read. */
export const parseHeader = (fields: string[]): Column[] => checkHeader(fields, COLUMNS);

/**
 * Streams a CSV file of survey answers into the database in batches, never holding the file in
 * memory. A bad row (broken quoting, a missing field, an out-of-range score, an unknown scale or key,
 * a bad date) is reported by its line and the good rows are kept. A row without an external_id gets
 * one derived from its content and occurrence in the file, so importing a file again stores nothing twice.
 */
export async function importResponsesCsv(pool: pg.Pool, input: Readable, options: CsvImportOptions): Promise<CsvImportResult> {
  const ids = new DerivedIds();
  return importCsvBatches<Column, ValidResponse>(input, {
    columns: COLUMNS,
    batchSize: options.batchSize ?? 5000,
    concurrency: 1,
    onProgress: options.onProgress,
    check: (header, fields, index) => {
      const checked = validateResponse(toItem(header, fields), options);
      if (!checked.ok) return { ok: false, errors: inColumnNames(checked.errors) };
      const { input: answer, answeredAt } = checked;
      answer.externalId ??= ids.next([answeredAt.toISOString(), answer.metric, answer.scale, answer.score, answer.topic, answer.market, answer.phase, answer.comment]);
      return { ok: true, value: { index, input: answer, answeredAt } };
    },
    store: (batch) => storeValid(pool, batch.valid, [], { ...options, defaultSource: options.source }),
  });
}

function toItem(header: Column[], fields: string[]): Record<string, unknown> {
  const value = (column: Column) => columnValue(header, fields, column);
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
