import type { Command } from 'commander';
import { ROLES } from '../../auth/roles.ts';
import { createToken, listTokens, revokeToken } from '../../auth/tokenService.ts';
import { withRuntime } from '../runtime.ts';

export function registerTokenCommands(program: Command): void {
  const token = program.command('token').description('create, list and revoke API tokens');
  token
    .command('create')
    .description('create an API token; it is printed once and stored only as a hash')
    .requiredOption('--name <name>', 'who or what uses the token, e.g. "zendesk bridge"')
    .requiredOption('--role <role>', `one of ${ROLES.join(', ')}`)
    .action(async (options: { name: string; role: string }) => {
      const { token: value, row } = await withRuntime(({ ctx }) => createToken(ctx.pool, options));
      console.log(`Created token #${row.id} "${row.name}" with role ${row.role}. Store it now; it is not shown again:\n`);
      console.log(value);
    });
  token
    .command('list')
    .description('list tokens (never their values)')
    .action(async () => {
      const rows = await withRuntime(({ ctx }) => listTokens(ctx.pool));
      if (rows.length === 0) console.log('No tokens yet.');
      for (const row of rows) {
        const state = row.revokedAt ? `revoked ${row.revokedAt.toISOString()}` : `last used ${row.lastUsedAt?.toISOString() ?? 'never'}`;
        console.log(`#${row.id}\t${row.role}\t${row.name}\t${state}`);
      }
    });
  token
    .command('revoke <id>')
    .description('revoke a token by its number')
    .action(async (id: string) => {
      await withRuntime(({ ctx }) => revokeToken(ctx.pool, Number.parseInt(id, 10), ctx.now()));
      console.log(`Revoked token #${id}.`);
    });
}
