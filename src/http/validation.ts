import type { ZodError, ZodType } from 'zod';
import { AppError, type ErrorCode } from './errors.ts';

/** Turns zod issues into messages that name the field, e.g. "note: at most 2000 characters". */
export function describeZodIssues(error: ZodError): string[] {
  return error.issues.map((issue) => {
    const where = issue.path.length ? issue.path.join('.') : 'body';
    return `${where}: ${issue.message}`;
  });
}

/** Parses input at the edge; a failure is an INVALID_INPUT naming every bad field. */
export function parseInput<T>(schema: ZodType<T>, input: unknown, what = 'request', code: ErrorCode = 'INVALID_INPUT'): T {
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    const problems = describeZodIssues(parsed.error);
    throw new AppError(code, `Invalid ${what}: ${problems.join('; ')}`, problems);
  }
  return parsed.data;
}
