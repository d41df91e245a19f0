import type { Db } from '../db/database.ts';
import { AppError } from '../http/errors.ts';
import { parseInput } from '../http/validation.ts';
import * as repo from './repo.ts';
import { createUserBody } from './schemas.ts';

export type { User } from './repo.ts';
export const listUsers = repo.listAll;
export const getUsersByIds = repo.getManyByIds;

export async function createUser(db: Db, input: unknown): Promise<repo.User> {
  const body = parseInput(createUserBody, input, 'user');
  try {
    return await repo.insert(db, { ...body, team: body.team ?? null });
  } catch (error) {
    if ((error as { code?: string }).code === '23505') throw new AppError('CONFLICT', `A user with e-mail ${body.email} already exists`);
    throw error;
  }
}

/** An active user by id, or UNPROCESSABLE naming the id (for owner fields). */
export async function requireActiveUser(db: Db, id: number, field: string): Promise<repo.User> {
  const user = await repo.getById(db, id);
  if (!user || user.disabledAt) throw new AppError('UNPROCESSABLE', `${field}: unknown user ${id}`);
  return user;
}

export async function getUserByEmail(db: Db, email: string): Promise<repo.User> {
  const user = await repo.getByEmail(db, email);
  if (!user) throw new AppError('NOT_FOUND', `No user with e-mail ${email}`);
  return user;
}
