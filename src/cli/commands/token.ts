import type { Command } from 'commander';
import { ROLES } from '../../auth/roles.ts';
import { createToken, listTokens, revokeToken } from '../../auth/tokenService.ts';
import { createUser, getUserByEmail } from '../../users/service.ts';
import { USER_ROLES } from '../../users/schemas.ts';
import { withRuntime } from '../runtime.ts';

export function registerTokenCommands(program: Command): void {
  const token = program.command('token').description('create, list and revoke API tokens');
  token
    .command('create')
    .description('create an API token; it is printed once and stored only as a hash')
    .requiredOption('--name <name>', 'who or what uses the token, e.g. "zendesk bridge"')
    .requiredOption('--role <role>', `one of ${ROLES.join(', ')}`)
    .option('--user <email>', 'the person the token acts for (see "pinchpoint user create")')
    .action(async (options: { name: string; role: string; user?: string }) => {
      const { token: value, row } = await withRuntime(async ({ ctx }) => {
        const user = options.user ? await getUserByEmail(ctx.pool, options.user) : undefined;
        return createToken(ctx.pool, { name: options.name, role: options.role, ...(user ? { userId: user.id } : {}) });
      });
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

export function registerUserCommands(program: Command): void {
  const user = program.command('user').description('add people who own cases and actions');
  user
    .command('create')
    .description('add a user')
    .requiredOption('--email <email>', 'e-mail address (unique)')
    .requiredOption('--name <name>', 'full name')
    .requiredOption('--role <role>', `one of ${USER_ROLES.join(', ')}`)
    .option('--team <team>', 'the team the user belongs to')
    .action(async (options: { email: string; name: string; role: string; team?: string }) => {
      const created = await withRuntime(({ ctx }) => createUser(ctx.pool, options));
      console.log(`Created user #${created.id} ${created.name} <${created.email}> (${created.role}).`);
      console.log(`Give them an API token with: pinchpoint token create --name "${created.name}" --role ${created.role} --user ${created.email}`);
    });
}
