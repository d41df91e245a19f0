import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { SingleBar, Presets } from 'cli-progress';
import type { Command } from 'commander';
import { AppError } from '../../http/errors.ts';
import { importCsv } from '../../inquiries/service.ts';
import { withRuntime } from '../runtime.ts';

export function registerImportCommand(program: Command): void {
  program
    .command('import <file>')
    .description('import inquiries from a CSV file (header: received_at,topic,market,channel,note,external_id)')
    .option('--create-missing', 'create unknown topics and markets instead of rejecting their rows', false)
    .option('--source <source>', 'source recorded on each row; external ids are unique per source', 'csv')
    .option('--batch-size <n>', 'rows per database round trip', (v) => Number.parseInt(v, 10), 5000)
    .action(async (file: string, options: { createMissing: boolean; source: string; batchSize: number }) => {
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
        importCsv(ctx.pool, createReadStream(file), {
          timeZone: ctx.config.TZ_NAME,
          source: options.source,
          createMissing: options.createMissing,
          loggedByTokenId: null,
          asOf: ctx.now(),
          batchSize: options.batchSize,
          onProgress: ({ bytes, rows }) => bar?.update(bytes, { rows }),
        }),
      ).finally(() => bar?.stop());
      const seconds = (Date.now() - started) / 1000;
      console.log(
        `${result.rows} rows in ${seconds.toFixed(1)} s: ${result.created} created, ${result.duplicates} duplicates, ${result.rejectedCount} rejected.`,
      );
      for (const rejection of result.rejected) console.log(`  line ${rejection.line}: ${rejection.errors.join('; ')}`);
      if (result.rejectedCount > result.rejected.length) {
        console.log(`  … and ${result.rejectedCount - result.rejected.length} more rejected lines.`);
      }
      if (result.rejectedCount > 0) process.exitCode = 2;
    });
}
