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
    return undefined;
  },
});

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
