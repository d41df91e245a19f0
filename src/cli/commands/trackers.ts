import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { loadConfig, loadDotEnv } from '../../config.ts';
import { AppError } from '../../http/errors.ts';
import { createLogger } from '../../log.ts';
import { listConnections, parseConnectionFile, testConnection, type ConnectionTest } from '../../trackers/connections.ts';
import type { TrackerConnection } from '../../trackers/connection.ts';
import { getConnectionByName } from '../../trackers/connectionRepo.ts';
import { readJsonFile } from '../jsonFile.ts';
import { withRuntime } from '../runtime.ts';

function describe(connection: TrackerConnection): string {
  return connection.kind === 'jira' ? `Jira project ${connection.projectKey} at ${connection.baseUrl}` : `GitHub repository ${connection.owner}/${connection.repo}`;
}

function print(connection: TrackerConnection, result: ConnectionTest): void {
  console.log(`Tracker connection "${connection.name}": ${describe(connection)}`);
  for (const line of result.ok) console.log(`  ok       ${line}`);
  for (const line of result.missing) console.log(`  MISSING  ${line}`);
  console.log(
    result.ready
      ? 'Ready: Pinchpoint can create, update and comment on issues here.'
      : `Not ready: ${result.missing.length} thing${result.missing.length === 1 ? ' is' : 's are'} missing (see above).`,
  );
}

export function registerTrackerCommands(program: Command): void {
  const trackers = program.command('trackers').description('tracker connections (Jira, GitHub): list them and check their credentials');
  trackers
    .command('test <connection>')
    .description('check a connection\'s credentials and permissions (create, edit, comment) and say exactly what is missing; <connection> is a stored name or a JSON file')
    .action(async (ref: string) => {
      let result: { connection: TrackerConnection; test: ConnectionTest };
      if (ref.endsWith('.json') || existsSync(ref)) {
        // A file is tested before it is stored, so it needs no database.
        loadDotEnv();
        const config = loadConfig();
        const connection = parseConnectionFile(await readJsonFile(ref));
        const ctx = { config, now: () => new Date(), log: createLogger(config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL) };
        result = { connection, test: await testConnection(ctx, connection) };
      } else {
        result = await withRuntime(async ({ ctx }) => {
          const stored = await getConnectionByName(ctx.pool, ref);
          if (!stored) throw new AppError('INVALID_INPUT', `No tracker connection named "${ref}" (see "pinchpoint trackers list")`);
          return { connection: stored.config, test: await testConnection(ctx, stored.config) };
        });
      }
      print(result.connection, result.test);
      if (!result.test.ready) process.exitCode = 2;
    });
  trackers
    .command('list')
    .description('list the stored tracker connections')
    .action(async () => {
      const rows = await withRuntime(({ ctx }) => listConnections(ctx.pool));
      if (rows.length === 0) console.log('No tracker connections yet (POST /api/v1/tracker-connections).');
      for (const row of rows) console.log(`#${row.id}\t${row.name}\t${describe(row.config)}\t${row.active ? 'active' : 'inactive'}`);
    });
}
