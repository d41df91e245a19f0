import type { Readable } from 'node:stream';
import type pg from 'pg';
import { checkHeader, columnValue, DerivedIds, importCsvBatches, inColumnNames, type CsvImportResult } from '../csv/batchedImport.ts';
import { storeValid, validateItem, type IngestOptions, type ValidItem } from './ingest.ts';

export { MAX_LISTED_REJECTIONS, type CsvImportResult } from '../csv/batchedImport.ts';

export const CSV_COLUMNS = ['received_at', 'topic', 'market', 'channel', 'note', 'external_id'] as const;
type Column = (typeof CSV_COLUMNS)[number];
const COLUMNS = { all: CSV_COLUMNS, required: ['received_at', 'topic', 'market'] as const };

export interface CsvImportOptions extends Omit<IngestOptions, 'defaultSource'> {
  source: string;
  batchSize?: number;
  /** Batches stored at the same time (each on its own connection). */
  concurrency?: number;
  /** Called after each stored batch with bytes read and data rows seen so far. */
  onProgress?: (progress: { bytes: number; rows: number }) => void;
}

/** Checks the header row; anything but the known columns is refused before a row is read. */
export const parseHeader = (fields: string[]): Column[] => checkHeader(fields, COLUMNS);

/**
 * Streams a CSV file into inquiries in batches, never holding the file in memory. Bad rows (broken
 * quoting, wrong field count, invalid values) are reported by line and the good rows are kept.
 * Parsing the next batch overlaps with storing the previous one. A row without an external_id gets
 * one derived from its content and occurrence in the file, so importing a file again stores nothing twice.
 */
export async function importCsv(pool: pg.Pool, input: Readable, options: CsvImportOptions): Promise<CsvImportResult> {
  const ids = new DerivedIds();
  return importCsvBatches<Column, ValidItem>(input, {
    columns: COLUMNS,
    batchSize: options.batchSize ?? 5000,
    concurrency: options.concurrency ?? 2,
    onProgress: options.onProgress,
    check: (header, fields, index) => {
      const checked = validateItem(toItem(header, fields), options);
      if (!checked.ok) return { ok: false, errors: inColumnNames(checked.errors) };
      const { input: item, receivedAt } = checked;
      item.externalId ??= ids.next([receivedAt.toISOString(), item.topic, item.market, item.channel, item.note]);
      return { ok: true, value: { index, input: item, receivedAt } };
    },
    store: (batch) => storeValid(pool, batch.valid, [], { ...options, defaultSource: options.source }),
  });
}

function toItem(header: Column[], fields: string[]): Record<string, unknown> {
  const value = (column: Column) => columnValue(header, fields, column);
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
