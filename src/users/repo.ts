import type { Db } from '../db/database.ts';
import type { UserRole } from './schemas.ts';

export interface User {
  id: number;
  email: string;
  name: string;
  role: UserRole;
  team: string | null;
  disabledAt: Date | null;
}

const columns = `id, email, name, role, team, disabled_at AS "disabledAt"`;

export async function insert(db: Db, input: { email: string; name: string; role: UserRole; team: string | null }): Promise<User> {
  const result = await db.query<User>(
    `INSERT INTO users (email, name, role, team) VALUES ($1, $2, $3, $4) RETURNING ${columns}`,
    [input.email, input.name, input.role, input.team],
  );
  return result.rows[0]!;
}

export async function listAll(db: Db): Promise<User[]> {
  return (await db.query<User>(`SELECT ${columns} FROM users ORDER BY name, id`)).rows;
}

export async function getById(db: Db, id: number): Promise<User | undefined> {
  return (await db.query<User>(`SELECT ${columns} FROM users WHERE id = $1`, [id])).rows[0];
}

export async function getByEmail(db: Db, email: string): Promise<User | undefined> {
  return (await db.query<User>(`SELECT ${columns} FROM users WHERE lower(email) = lower($1)`, [email])).rows[0];
}

export async function getManyByIds(db: Db, ids: number[]): Promise<User[]> {
  if (ids.length === 0) return [];
  return (await db.query<User>(`SELECT ${columns} FROM users WHERE id = ANY($1::int[])`, [ids])).rows;
}

export async function rename(db: Db, id: number, name: string): Promise<void> {
  await db.query(`UPDATE users SET name = $2 WHERE id = $1`, [id, name]);
}

export async function setRole(db: Db, id: number, role: UserRole): Promise<void> {
  await db.query(`UPDATE users SET role = $2 WHERE id = $1`, [id, role]);
}
