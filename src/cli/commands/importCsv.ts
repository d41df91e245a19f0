import type { Command } from 'commander';
import { importCsv } from '../../inquiries/service.ts';
import { importCsvFile } from '../csvFileImport.ts';
import { sourceName, wholeNumber } from '../options.ts';

export function registerImportCommand(program: Command): void {
  program
    .command('import <file>')
    .description('import inquiries from a CSV file (header: received_at,topic,market,channel,note,external_id)')
    .option('--create-missing', 'create unknown topics and markets instead of rejecting their rows', false)
    .option('--source <source>', 'source recorded on each row; external ids are unique per source', sourceName, 'csv')
    .option('--batch-size <n>', 'rows per database round trip', wholeNumber(1, 100_000), 5000)
    .action((file: string, options: { createMissing: boolean; source: string; batchSize: number }) =>
      importCsvFile(file, (ctx, stream, onProgress) =>
        importCsv(ctx.pool, stream, {
          timeZone: ctx.config.TZ_NAME,
          source: options.source,
          createMissing: options.createMissing,
          loggedByTokenId: null,
          asOf: ctx.now(),
          batchSize: options.batchSize,
          onProgress,
        }),
      ),
    );
}
