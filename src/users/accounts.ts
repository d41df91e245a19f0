import type { Principal } from '../auth/principal.ts';
import { createToken } from '../auth/tokenService.ts';
import type { Db } from '../db/database.ts';
import * as accountRepo from './accountRepo.ts';
import { verifyPassword } from './passwords.ts';

export type { Account } from './accountRepo.ts';
export const getAccount = accountRepo.getByUserId;
export const countWhoCanSignIn = accountRepo.countWhoCanSignIn;
export const setLocale = accountRepo.setLocale;
export const rememberLogChoices = accountRepo.setLogChoices;
export const listUsersWithSignIn = accountRepo.listWithSignIn;

/** The account whose e-mail and password match, if it is active; undefined otherwise (same timing either way). */
export async function checkSignIn(db: Db, email: string, password: string): Promise<accountRepo.Account | undefined> {
  const account = await accountRepo.getByEmail(db, email);
  const usable = account && !account.disabledAt ? account.passwordHash : null;
  const matches = await verifyPassword(usable, password);
  return matches ? account : undefined;
}

/**
 * The principal a signed-in person acts as, the same shape an API token gives, so every service
 * works for pages unchanged. Undefined when the account cannot act (disabled, no password).
 */
export function principalOf(account: accountRepo.Account): Principal | undefined {
  if (account.disabledAt || !account.passwordHash || account.tokenId === null) return undefined;
  return { tokenId: account.tokenId, name: account.name, role: account.role, userId: account.userId };
}

/**
 * Gives the account the token its page actions are recorded under (inquiries logged on pages are
 * the person's to undo). The token's value is discarded at once: it is never a usable bearer token.
 */
export async function ensurePageToken(db: Db, account: Pick<accountRepo.Account, 'userId' | 'name' | 'role' | 'tokenId'>): Promise<number> {
  if (account.tokenId !== null) return account.tokenId;
  const { row } = await createToken(db, { name: `${account.name.slice(0, 90)} (web)`, role: account.role, userId: account.userId });
  await accountRepo.setToken(db, account.userId, row.id);
  return row.id;
}
