import { createReadStream, type ReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Presets, SingleBar } from 'cli-progress';
import type { AppContext } from '../context.ts';
import { AppError } from '../http/errors.ts';
import { withRuntime } from './runtime.ts';

/** What every CSV import reports: rows read, stored, already stored, and the first rejected lines. */
export interface CsvFileResult {
  rows: number;
  created: number;
  duplicates: number;
  rejectedCount: number;
  rejected: Array<{ line: number; errors: string[] }>;
}

type Progress = (progress: { bytes: number; rows: number }) => void;

/**
 * Runs one CSV import of a file with a progress bar (on a terminal), then prints the totals and the
 * rejected lines by number and exits 2 when any line was rejected, so scripts notice. The inquiry and
 * survey imports differ only in `run`.
 */
export async function importCsvFile(file: string, run: (ctx: AppContext, stream: ReadStream, onProgress: Progress) => Promise<CsvFileResult>): Promise<void> {
  const size = await stat(file).then(
    (s) => s.size,
    () => {
      throw new AppError('INVALID_INPUT', `Cannot read "${file}"`);
    },
  );
  const bar = process.stdout.isTTY
    ? new SingleBar({ format: 'Importing |{bar}| {percentage}% | {rows} rows | ETA {eta_formatted}', hideCursor: true }, Presets.shades_classic)
    : undefined;
  bar?.start(size, 0, { rows: 0 });
  const started = Date.now();
  const result = await withRuntime(({ ctx }) => run(ctx, createReadStream(file), ({ bytes, rows }) => bar?.update(bytes, { rows }))).finally(() =>
    bar?.stop(),
  );
  const seconds = (Date.now() - started) / 1000;
  console.log(`${result.rows} rows in ${seconds.toFixed(1)} s: ${result.created} created, ${result.duplicates} duplicates, ${result.rejectedCount} rejected.`);
  for (const rejection of result.rejected) console.log(`  line ${rejection.line}: ${rejection.errors.join('; ')}`);
  if (result.rejectedCount > result.rejected.length) console.log(`  … and ${result.rejectedCount - result.rejected.length} more rejected lines.`);
  if (result.rejectedCount > 0) process.exitCode = 2;
}
