import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Presets, SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import { AppError } from '../../http/errors.ts';
import { CSV_COLUMNS } from '../../surveys/csvImport.ts';
import { importResponsesCsv } from '../../surveys/service.ts';
import { withRuntime } from '../runtime.ts';

export function registerImportResponsesCommand(program: Command): void {
  program
    .command('import-responses <file>')
    .description(`import NPS and CES survey answers from a CSV file (header: ${CSV_COLUMNS.join(',')})`)
    .option('--source <source>', 'source recorded on each answer; external ids are unique per source', 'csv')
    .option('--batch-size <n>', 'answers per database round trip', (v) => Number.parseInt(v, 10), 5000)
    .action(async (file: string, options: { source: string; batchSize: number }) => {
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
      const result = await withRuntime(({ ctx }) =>
        importResponsesCsv(ctx.pool, createReadStream(file), {
          timeZone: ctx.config.TZ_NAME,
          source: options.source,
          loggedByTokenId: null,
          asOf: ctx.now(),
          batchSize: options.batchSize,
          onProgress: ({ bytes, rows }) => bar?.update(bytes, { rows }),
        }),
      ).finally(() => bar?.stop());
      const seconds = (Date.now() - started) / 1000;
      console.log(`${result.rows} rows in ${seconds.toFixed(1)} s: ${result.created} created, ${result.duplicates} duplicates, ${result.rejectedCount} rejected.`);
      for (const rejection of result.rejected) console.log(`  line ${rejection.line}: ${rejection.errors.join('; ')}`);
      if (result.rejectedCount > result.rejected.length) console.log(`  … and ${result.rejectedCount - result.rejected.length} more rejected lines.`);
      if (result.rejectedCount > 0) process.exitCode = 2;
    });
}
