import { z, type ZodError, type ZodType } from 'zod';
import { AppError, type ErrorCode } from './errors.ts';

/** How a field's expected type reads in an error message. */
const TYPE_WORDS: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  object: 'an object',
  date: 'a date',
};

const quoted = (values: readonly unknown[]) => values.map((v) => JSON.stringify(v)).join(', ');

// Zod's own words ("Invalid input: expected string, received undefined", "Unrecognized key") speak
// of types and parsers; people read "is required", "must be a number", "unknown field". Only these
// three are reworded here: a message a schema gives itself still wins, as zod applies this map last.
z.config({
  customError: (issue) => {
    if (issue.code === 'invalid_type') return issue.input === undefined ? 'is required' : `must be ${TYPE_WORDS[issue.expected] ?? issue.expected}`;
    if (issue.code === 'invalid_value') return `must be one of ${quoted(issue.values)}`;
    if (issue.code === 'unrecognized_keys') return `unknown field${issue.keys.length > 1 ? 's' : ''} ${quoted(issue.keys)}`;
    if (issue.code === 'too_small' || issue.code === 'too_big') return boundWords(issue);
    return undefined;
  },
});

/** A size or range limit in words: "must be at least 1", "at most 50 characters", "at least 1 item". */
function boundWords(issue: { code: 'too_small' | 'too_big'; origin?: string; minimum?: unknown; maximum?: unknown; inclusive?: boolean }): string | undefined {
  const small = issue.code === 'too_small';
  const limit = Number(small ? issue.minimum : issue.maximum);
  if (!Number.isFinite(limit)) return undefined;
  const exclusive = issue.inclusive === false;
  if (issue.origin === 'string') {
    if (small && limit <= 1) return 'must not be empty';
    return `${small ? 'at least' : 'at most'} ${exclusive ? (small ? limit + 1 : limit - 1) : limit} characters`;
  }
  if (issue.origin === 'array' || issue.origin === 'set') {
    const n = exclusive ? (small ? limit + 1 : limit - 1) : limit;
    return `${small ? 'at least' : 'at most'} ${n} item${n === 1 ? '' : 's'}`;
  }
  if (issue.origin === 'number' || issue.origin === 'int' || issue.origin === 'bigint') {
    return `must be ${small ? (exclusive ? 'more than' : 'at least') : exclusive ? 'less than' : 'at most'} ${limit}`;
  }
  return undefined;
}

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

/** The largest row id: ids are PostgreSQL `integer`s, and a larger one is a typo, not a row. */
export const MAX_ROW_ID = 2_147_483_647;

/** A row id in a JSON body: a whole number from 1 to MAX_ROW_ID. */
export const rowId = (message = 'must be a positive integer') => z.number({ message }).int(message).positive(message).max(MAX_ROW_ID, `must be at most ${MAX_ROW_ID}`);

/** A row id in a path or query string, where it arrives as text. */
export const rowIdText = (message = 'must be a positive integer') =>
  // Digits only: Number() would also read "0x10" as 16 and " 7 " as 7.
  z.preprocess((v) => (typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v), rowId(message));

/**
 * Fields of a flat item whose text holds a null character (U+0000), which PostgreSQL cannot store.
 * Batch items are checked with this before their schema, so one such value rejects its own item by
 * name and the rest of the batch is kept; elsewhere the error handler turns the refusal into a 400.
 */
export function nullCharacterProblems(item: unknown): string[] {
  if (typeof item !== 'object' || item === null) return [];
  return Object.entries(item)
    .filter(([, value]) => typeof value === 'string' && value.includes('\u0000'))
    .map(([field]) => `${field}: may not contain a null character (U+0000)`);
}

/** A period's end may not come before its start: an upside-down period is a mistake, not an empty answer. */
export function toNotBeforeFrom(query: { from?: string | undefined; to?: string | undefined }, ctx: z.RefinementCtx): void {
  if (query.from && query.to && query.from > query.to) ctx.addIssue({ code: 'custom', path: ['to'], message: `is before from (${query.from})` });
}
