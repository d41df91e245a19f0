import type { Request } from 'express';
import { z } from 'zod';
import { AppError } from '../../http/errors.ts';

/** Service refusals a person can act on (a name taken, a rule broken); anything else is a real error. */
const FIXABLE = new Set(['CONFLICT', 'UNPROCESSABLE', 'INVALID_INPUT', 'NOT_FOUND']);

/** The service's reason when it refused something a person can fix; rethrows everything else. */
export function refusalOf(error: unknown): AppError {
  if (error instanceof AppError && FIXABLE.has(error.code)) return error;
  throw error;
}

/** A positive integer id from the path, or a 404 (never a 500 for `/admin/tokens/abc`). */
export function idFrom(req: Request, what: string): number {
  const id = Number(req.params.id);
  if (!Number.isSafeInteger(id) || id <= 0 || id > 2_147_483_647) throw new AppError('NOT_FOUND', `No ${what} "${String(req.params.id)}"`);
  return id;
}

/** A name field as the admin forms check it, with message keys for the page. */
export const formName = (max = 200) => z.string().trim().min(1, 'form.required').max(max, 'form.tooLong');

/** An HTML checkbox: present ("on") when ticked, absent otherwise. */
export const ticked = (body: unknown, name: string): boolean => {
  const value = (body as Record<string, unknown> | undefined)?.[name];
  return value === 'on' || value === 'true' || value === '1';
};
