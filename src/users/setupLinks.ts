import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import { hashToken } from '../auth/tokenService.ts';
import type { Db } from '../db/database.ts';
import { withTransaction } from '../db/transaction.ts';
import { AppError } from '../http/errors.ts';
import * as accountRepo from './accountRepo.ts';
import { ensurePageToken } from './accounts.ts';
import { hashPassword } from './passwords.ts';
import * as repo from './repo.ts';
import { z } from 'zod';
import { parseInput } from '../http/validation.ts';
import { createUserBody, newPassword, type UserRole } from './schemas.ts';
import * as linkRepo from './setupLinkRepo.ts';

export type { SetupLink, SetupPurpose } from './setupLinkRepo.ts';

// Any constant: it only has to be the same in every process that may issue the first admin's link.
const FIRST_ADMIN_LOCK = 74_201_008;

/** The path of a set-up page; the token is 256 random bits, stored only as a SHA-256 hash. */
export const setupPath = (token: string) => `/setup/${token}`;

async function insertLink(
  db: Db,
  input: { purpose: linkRepo.SetupPurpose; userId: number | null; role: UserRole | null; asOf: Date; hours: number },
): Promise<{ token: string; expiresAt: Date }> {
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(input.asOf.getTime() + input.hours * 3_600_000);
  await linkRepo.insert(db, { tokenHash: hashToken(token), purpose: input.purpose, userId: input.userId, role: input.role, expiresAt, at: input.asOf });
  return { token, expiresAt };
}

/**
 * When nobody can sign in yet, issues the link that creates the first admin (older unused ones stop
 * working); returns undefined when someone can already sign in.
 */
export async function issueFirstAdminLinkIfNeeded(pool: pg.Pool, input: { asOf: Date; hours: number }): Promise<{ token: string; expiresAt: Date } | undefined> {
  return withTransaction(pool, async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [FIRST_ADMIN_LOCK]);
    if ((await accountRepo.countWhoCanSignIn(tx)) > 0) return undefined;
    await linkRepo.expireUnused(tx, { purpose: 'first_admin' }, input.asOf);
    return insertLink(tx, { purpose: 'first_admin', userId: null, role: 'admin', asOf: input.asOf, hours: input.hours });
  });
}

/** A link for an existing user to set (or reset) their password; their older unused links stop working. */
export async function issueUserLink(pool: pg.Pool, input: { userId: number; purpose: 'invite' | 'reset'; asOf: Date; hours: number }) {
  return withTransaction(pool, async (tx) => {
    await linkRepo.expireUnused(tx, { userId: input.userId }, input.asOf);
    return insertLink(tx, { purpose: input.purpose, userId: input.userId, role: null, asOf: input.asOf, hours: input.hours });
  });
}

/** What a set-up form sends; the e-mail only on the first admin's link. */
export const setupFields = z.object({
  email: createUserBody.shape.email.optional(),
  name: createUserBody.shape.name,
  password: newPassword,
});

const unusable = () => new AppError('NOT_FOUND', 'This set-up link is unknown, already used or expired');

/** The link behind a token if it can still be used at `asOf`. */
export async function findUsableLink(db: Db, token: string, asOf: Date): Promise<linkRepo.SetupLink | undefined> {
  const link = await linkRepo.getByHash(db, hashToken(token));
  return link && !link.usedAt && link.expiresAt > asOf ? link : undefined;
}

/**
 * Uses a link once: sets the password (creating the first admin, or making an existing user with
 * that e-mail an admin), and returns the user id to sign in. A used or expired link is NOT_FOUND.
 */
export async function completeSetup(
  pool: pg.Pool,
  input: { token: string; email?: string | undefined; name: string; password: string; asOf: Date },
): Promise<number> {
  if (!(await findUsableLink(pool, input.token, input.asOf))) throw unusable();
  const fields = parseInput(setupFields, { email: input.email, name: input.name, password: input.password }, 'set-up');
  const passwordHash = await hashPassword(fields.password);
  return withTransaction(pool, async (tx) => {
    const link = await linkRepo.getByHash(tx, hashToken(input.token), { forUpdate: true });
    if (!link || link.usedAt || link.expiresAt <= input.asOf) throw unusable();
    const userId = link.userId ?? (await firstAdmin(tx, fields.email, fields.name));
    if (link.userId !== null) await repo.rename(tx, userId, fields.name);
    await accountRepo.setPassword(tx, { userId, passwordHash, at: input.asOf });
    const account = (await accountRepo.getByUserId(tx, userId))!;
    await ensurePageToken(tx, account);
    await linkRepo.markUsed(tx, link.id, input.asOf);
    if (link.purpose === 'first_admin') await linkRepo.expireUnused(tx, { purpose: 'first_admin' }, input.asOf);
    return userId;
  });
}

async function firstAdmin(db: Db, email: string | undefined, name: string): Promise<number> {
  if (!email) throw new AppError('INVALID_INPUT', 'email: is required');
  const existing = await repo.getByEmail(db, email);
  if (!existing) return (await repo.insert(db, { email, name, role: 'admin', team: null })).id;
  await repo.setRole(db, existing.id, 'admin');
  await repo.rename(db, existing.id, name);
  return existing.id;
}

/** Sets a password directly (the CLI's --password-stdin); the user's unused links stop working. */
export async function setPasswordNow(pool: pg.Pool, input: { userId: number; password: string; asOf: Date }): Promise<void> {
  parseInput(z.object({ password: newPassword }), { password: input.password }, 'password');
  const passwordHash = await hashPassword(input.password);
  await withTransaction(pool, async (tx) => {
    await accountRepo.setPassword(tx, { userId: input.userId, passwordHash, at: input.asOf });
    await ensurePageToken(tx, (await accountRepo.getByUserId(tx, input.userId))!);
    await linkRepo.expireUnused(tx, { userId: input.userId }, input.asOf);
  });
}
