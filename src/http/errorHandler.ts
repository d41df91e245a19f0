import type { ErrorRequestHandler, RequestHandler } from 'express';
import { ZodError } from 'zod';
import { AppError, type ErrorCode } from './errors.ts';
import { describeZodIssues } from './validation.ts';

const statusByCode: Record<ErrorCode, number> = {
  INVALID_INPUT: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PRECONDITION_FAILED: 412,
  PRECONDITION_REQUIRED: 428,
  UNPROCESSABLE: 422,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  UNAVAILABLE: 503,
};

/** Body-parser errors carry a `type`; these are the client's fault, not ours. */
const bodyParserErrors: Record<string, { code: ErrorCode; message: (e: { message: string }) => string }> = {
  'entity.parse.failed': { code: 'INVALID_INPUT', message: (e) => `Malformed JSON body: ${e.message}` },
  'entity.too.large': { code: 'PAYLOAD_TOO_LARGE', message: () => 'Request body is larger than the server accepts' },
  'encoding.unsupported': { code: 'UNSUPPORTED_MEDIA_TYPE', message: (e) => e.message },
  'charset.unsupported': { code: 'UNSUPPORTED_MEDIA_TYPE', message: (e) => e.message },
};

/** The only place that knows HTTP statuses. Unknown errors become a logged 500 with no internals. */
export const errorHandler: ErrorRequestHandler = (error, req, res, _next) => {
  const { status, body } = toResponse(error);
  if (status >= 500) req.log?.error({ err: error }, 'request failed');
  else if (databaseDataProblem(error)) req.log?.warn({ err: error }, 'the database refused a value the edge let through');
  if (res.headersSent) return;
  res.status(status).json(body);
};

export const notFoundHandler: RequestHandler = (req, res) => {
  res.status(404).json({ error: { code: 'NOT_FOUND', message: `No route for ${req.method} ${req.path}` } });
};

function toResponse(error: unknown): { status: number; body: object } {
  if (error instanceof AppError) {
    return {
      status: statusByCode[error.code],
      body: { error: { code: error.code, message: error.message, ...(error.details ? { details: error.details } : {}) } },
    };
  }
  if (error instanceof ZodError) {
    return {
      status: 400,
      body: { error: { code: 'INVALID_INPUT', message: 'Invalid request', details: describeZodIssues(error) } },
    };
  }
  const parserError = bodyParserErrors[(error as { type?: string })?.type ?? ''];
  if (parserError) {
    const code = parserError.code;
    return { status: statusByCode[code], body: { error: { code, message: parserError.message(error as Error) } } };
  }
  // Errors from Node's own body handling (a body that fails to decompress) say they are the client's.
  const exposed = error as { status?: unknown; expose?: unknown; message?: unknown };
  if (exposed?.expose === true && typeof exposed.status === 'number' && exposed.status >= 400 && exposed.status < 500) {
    const code: ErrorCode = exposed.status === 415 ? 'UNSUPPORTED_MEDIA_TYPE' : exposed.status === 413 ? 'PAYLOAD_TOO_LARGE' : 'INVALID_INPUT';
    return { status: statusByCode[code], body: { error: { code, message: `The request body could not be read: ${String(exposed.message)}` } } };
  }
  // PostgreSQL's data exceptions (class 22) are values it cannot store: input the edge let through.
  const dataProblem = databaseDataProblem(error);
  if (dataProblem) return { status: 400, body: { error: { code: 'INVALID_INPUT', message: dataProblem } } };
  return { status: 500, body: { error: { code: 'INTERNAL', message: 'Internal error' } } };
}

/**
 * What a PostgreSQL data exception means for the person who sent the value, or undefined for any
 * other error. The edge validates fields by name; this is the net under it, so a value the
 * database refuses is the client's 400, never a 500.
 */
export function databaseDataProblem(error: unknown): string | undefined {
  const code = (error as { code?: unknown })?.code;
  if (typeof code !== 'string' || !code.startsWith('22')) return undefined;
  if (code === '22021' || code === '22P05') return 'Text may not contain a null character (U+0000); remove it and send again';
  if (code === '22003') return 'A number is out of range (ids and counts are at most 2,147,483,647)';
  if (code === '22008' || code === '22007') return 'A date or time is out of range';
  return 'A value could not be stored as sent; check the fields and send again';
}
