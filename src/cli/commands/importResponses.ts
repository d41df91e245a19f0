import type { Command } from 'commander';
import { CSV_COLUMNS } from '../../surveys/csvImport.ts';
import { importResponsesCsv } from '../../surveys/service.ts';
import { importCsvFile } from '../csvFileImport.ts';
import { sourceName, wholeNumber } from '../options.ts';

export function registerImportResponsesCommand(program: Command): void {
  program
    .command('import-responses <file>')
    .description(`import NPS and CES survey answers from a CSV file (header: ${CSV_COLUMNS.join(',')})`)
    .option('--source <source>', 'source recorded on each answer; external ids are unique per source', sourceName, 'csv')
    .option('--batch-size <n>', 'answers per database round trip', wholeNumber(1, 100_000), 5000)
    .action((file: string, options: { source: string; batchSize: number }) =>
      importCsvFile(file, (ctx, stream, onProgress) =>
        importResponsesCsv(ctx.pool, stream, {
          timeZone: ctx.config.TZ_NAME,
          source: options.source,
          loggedByTokenId: null,
          asOf: ctx.now(),
          batchSize: options.batchSize,
          onProgress,
        }),
      ),
    );
}
