import type { Command } from 'commander';
import { parseInput } from '../../http/validation.ts';
import { rollupMismatches } from '../../inquiries/service.ts';
import { seedBody } from '../../taxonomy/schemas.ts';
import { seed } from '../../taxonomy/service.ts';
import { readJsonFile } from '../jsonFile.ts';
import { withRuntime } from '../runtime.ts';

export function registerAdminCommands(program: Command): void {
  program
    .command('migrate')
    .description('apply database migrations (the server also does this at start)')
    .action(async () => {
      await withRuntime(async ({ database }) => console.log(`Database (${database.kind}) is migrated.`));
    });

  program
    .command('seed-taxonomy <file>')
    .description('create or rename markets and topics from a JSON file: { "markets": [{key,name}], "topics": [{key,name,parent}] }')
    .action(async (file: string) => {
      const body = parseInput(seedBody, await readJsonFile(file), 'taxonomy file');
      const result = await withRuntime(({ ctx }) => seed(ctx.pool, body));
      console.log(`Taxonomy seeded: ${result.created} created, ${result.updated} renamed.`);
    });

  program
    .command('check-rollup')
    .description('verify that the daily rollup equals a count of the raw inquiries')
    .action(async () => {
      const mismatches = await withRuntime(({ ctx }) => rollupMismatches(ctx.pool));
      if (mismatches.length === 0) {
        console.log('Rollup is consistent with the raw inquiries.');
        return;
      }
      console.log(`${mismatches.length} rollup rows disagree with the raw inquiries:`);
      for (const m of mismatches.slice(0, 20)) console.log(`  ${m.day} topic ${m.topicId} market ${m.marketId} ${m.channel}: raw ${m.raw}, rollup ${m.rollup}`);
      process.exitCode = 1;
    });
}
