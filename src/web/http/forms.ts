import type { ZodError } from 'zod';
import { isMessageKey, type Translate } from '../i18n/index.ts';

export type FieldErrors = Record<string, string>;

/**
 * Form problems by field, in the page's language: page schemas use message keys as their messages;
 * anything else (a library's default message) is shown as it is.
 */
export function fieldErrors(error: ZodError, t: Translate): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? 'form');
    errors[field] ??= isMessageKey(issue.message) ? t(issue.message) : issue.message;
  }
  return errors;
}

/** A same-site path to return to after signing in; anything else (another host, `//evil`) is dropped. */
export function safeReturnPath(value: unknown): string | undefined {
  if (typeof value !== 'string' || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return undefined;
  return value.length <= 2000 ? value : undefined;
}

/** Reads one string field of a form body ('' when absent or not a string). */
export const field = (body: unknown, name: string): string => {
  const value = (body as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' ? value : '';
};

/** A query or form value as trimmed text ('' when absent, repeated or not a string). */
export const textOf = (value: unknown): string => (typeof value === 'string' ? value.trim() : '');
