import type { Command } from 'commander';
import { ROLES } from '../../auth/roles.ts';
import { createToken, listApiTokens, revokeApiToken } from '../../auth/tokenService.ts';
import { createUser, getUserByEmail } from '../../users/service.ts';
import { z } from 'zod';
import { parseInput } from '../../http/validation.ts';
import { AppError } from '../../http/errors.ts';
import { newPassword, USER_ROLES } from '../../users/schemas.ts';
import { issueUserLink, setPasswordNow, setupPath } from '../../users/setupLinks.ts';
import { wholeNumber } from '../options.ts';
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
      const rows = await withRuntime(({ ctx }) => listApiTokens(ctx.pool));
      if (rows.length === 0) console.log('No tokens yet.');
      for (const row of rows) {
        const state = row.revokedAt ? `revoked ${row.revokedAt.toISOString()}` : `last used ${row.lastUsedAt?.toISOString() ?? 'never'}`;
        console.log(`#${row.id}\t${row.role}\t${row.name}\t${state}`);
      }
    });
  token
    .command('revoke')
    .description('revoke a token by its number')
    .argument('<id>', 'the token number, as `token list` shows it', wholeNumber(1, 2_147_483_647))
    .action(async (id: number) => {
      await withRuntime(({ ctx }) => revokeApiToken(ctx.pool, id, ctx.now()));
      console.log(`Revoked token #${id}.`);
    });
}

export function registerUserCommands(program: Command): void {
  const user = program.command('user').description('add people who sign in to the web pages and own cases and actions');
  user
    .command('create')
    .description('add a user and print a one-time link to set their password (or read it from stdin)')
    .requiredOption('--email <email>', 'e-mail address (unique); they sign in with it')
    .requiredOption('--role <role>', `one of ${USER_ROLES.join(', ')}`)
    .option('--name <name>', 'full name (default: the part of the e-mail before @; they can change it when setting up)')
    .option('--team <team>', 'the team the user belongs to')
    .option('--password-stdin', 'set the password from standard input instead of printing a set-up link')
    .action(async (options: { email: string; name?: string; role: string; team?: string; passwordStdin?: boolean }) => {
      const password = options.passwordStdin ? await readPassword() : undefined;
      // Refuse a bad password before the user exists, so a retry does not meet "already exists".
      if (password !== undefined) parseInput(z.object({ password: newPassword }), { password }, 'password');
      const name = options.name ?? options.email.split('@')[0]!;
      const { created, link } = await withRuntime(async ({ ctx }) => {
        const created = await createUser(ctx.pool, { email: options.email, role: options.role, name, ...(options.team ? { team: options.team } : {}) });
        if (password !== undefined) {
          await setPasswordNow(ctx.pool, { userId: created.id, password, asOf: ctx.now() });
          return { created, link: undefined };
        }
        const issued = await issueUserLink(ctx.pool, { userId: created.id, purpose: 'invite', asOf: ctx.now(), hours: ctx.config.SETUP_LINK_HOURS });
        return { created, link: { url: `${ctx.config.PUBLIC_BASE_URL}${setupPath(issued.token)}`, expiresAt: issued.expiresAt } };
      });
      console.log(`Created user #${created.id} ${created.name} <${created.email}> (${created.role}).`);
      if (link) console.log(`Set-up link (works once, until ${link.expiresAt.toISOString()}):\n${link.url}`);
      else console.log('Password set; they can sign in now.');
      console.log(`For the API, give them a token with: pinchpoint token create --name "${created.name}" --role ${created.role} --user ${created.email}`);
    });
  user
    .command('setup-link')
    .description('print a new one-time link for an existing user to set their password (their older links stop working)')
    .requiredOption('--email <email>', "the user's e-mail address")
    .action(async (options: { email: string }) => {
      const link = await withRuntime(async ({ ctx }) => {
        const found = await getUserByEmail(ctx.pool, options.email);
        const issued = await issueUserLink(ctx.pool, { userId: found.id, purpose: 'reset', asOf: ctx.now(), hours: ctx.config.SETUP_LINK_HOURS });
        return { url: `${ctx.config.PUBLIC_BASE_URL}${setupPath(issued.token)}`, expiresAt: issued.expiresAt };
      });
      console.log(`Set-up link for ${options.email} (works once, until ${link.expiresAt.toISOString()}):\n${link.url}`);
    });
}

/** The whole of standard input, less one trailing line break (what `echo pw |` adds). */
async function readPassword(): Promise<string> {
  // At a terminal it would wait silently and show the password as it is typed.
  if (process.stdin.isTTY) {
    throw new AppError('INVALID_INPUT', '--password-stdin reads a password piped in (for example from a secrets manager); at a terminal, leave it out and open the printed set-up link instead');
  }
  let text = '';
  for await (const chunk of process.stdin) text += String(chunk);
  return text.replace(/\r?\n$/, '');
}
