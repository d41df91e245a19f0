import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { Db } from '../db/database.ts';
import { AppError } from '../http/errors.ts';
import { parseInput } from '../http/validation.ts';
import type { Principal } from './principal.ts';
import { ROLES, type Role } from './roles.ts';
import * as usersRepo from '../users/repo.ts';
import * as tokenRepo from './tokenRepo.ts';

const TOKEN_PREFIX = 'pp_';

export const createTokenInput = z.object({
  name: z.string().trim().min(1, 'is required').max(100, 'at most 100 characters'),
  role: z.enum(ROLES, { message: `must be one of ${ROLES.join(', ')}` }),
  /** Links the token to a person, who then owns what it does. */
  userId: z.number().int().positive().optional(),
});

/**
 * Tokens carry 256 random bits, so a fast SHA-256 is enough to store them: unlike passwords they
 * cannot be guessed, and a fast hash lets every request look its token up by index.
 */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/**
 * Why a token may not act for this person with this role, if it may not. A person's token carries
 * their own role, or `ingest` for a machine they look after (a help-desk bridge); anything else
 * would hand an agent an admin's rights.
 */
export function tokenRoleProblem(role: Role, user: { name: string; role: string; disabledAt?: Date | null } | undefined): string | undefined {
  if (!user) return 'userId: no such user';
  if (role !== 'ingest' && role !== user.role) return `role: a token for ${user.name} carries their role ("${user.role}") or "ingest", not "${role}"`;
  return undefined;
}

/** Creates a token; the plain value is returned once and never stored. */
export async function createToken(db: Db, input: unknown): Promise<{ token: string; row: tokenRepo.TokenRow }> {
  const { name, role, userId } = parseInput(createTokenInput, input, 'token');
  if (userId !== undefined) {
    const problem = tokenRoleProblem(role, await usersRepo.getById(db, userId));
    if (problem) throw new AppError('INVALID_INPUT', `Invalid token: ${problem}`, [problem]);
  }
  const token = TOKEN_PREFIX + randomBytes(32).toString('base64url');
  const row = await tokenRepo.insert(db, { name, role, tokenHash: hashToken(token), userId: userId ?? null });
  return { token, row };
}

/** Resolves a bearer token to its principal, or throws UNAUTHENTICATED. */
export async function authenticate(db: Db, token: string, asOf: Date): Promise<Principal> {
  const row = token.startsWith(TOKEN_PREFIX) ? await tokenRepo.getActiveByHash(db, hashToken(token)) : undefined;
  if (!row) throw new AppError('UNAUTHENTICATED', 'Unknown or revoked API token');
  await tokenRepo.touchLastUsed(db, row.id, asOf);
  return { tokenId: row.id, name: row.userName ?? row.name, role: row.role, userId: row.userId };
}

export const listTokens = tokenRepo.listAll;

export async function revokeToken(db: Db, id: number, asOf: Date): Promise<void> {
  if (!(await tokenRepo.revoke(db, id, asOf))) throw new AppError('NOT_FOUND', `No active token with id ${id}`);
}

/** Active API tokens; web sign-ins' own tokens do not count (nobody can use them against the API). */
export async function countActiveTokens(db: Db): Promise<number> {
  return (await tokenRepo.listApiTokens(db)).filter((t) => t.revokedAt === null).length;
}

/** API tokens people and machines hold; the tokens behind web sign-ins are not among them. */
export const listApiTokens = tokenRepo.listApiTokens;

/** Revokes an API token; a web sign-in's own token is not one, and is refused as unknown. */
export async function revokeApiToken(db: Db, id: number, asOf: Date): Promise<void> {
  if (!(await tokenRepo.revokeApiToken(db, id, asOf))) throw new AppError('NOT_FOUND', `No active API token with id ${id}`);
}
