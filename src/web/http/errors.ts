import type { ErrorRequestHandler, Request, RequestHandler, Response } from 'express';
import { AppError } from '../../http/errors.ts';
import { errorHandler as apiErrorHandler, databaseDataProblem } from '../../http/errorHandler.ts';
import type { MessageKey } from '../i18n/index.ts';
import { CSRF_ERROR_CODE } from './csrf.ts';
import { render, tr } from './page.ts';

/**
 * The HTTP status the API would give an error. Asks the API's error handler itself (the one place
 * that maps error codes to statuses, and logs 500s) through a response that only records.
 */
export function statusOf(error: unknown, req: Request): number {
  let status = 500;
  const recorder = {
    headersSent: false,
    status(code: number) {
      status = code;
      return recorder;
    },
    json: () => recorder,
  };
  apiErrorHandler(error, req, recorder as unknown as Response, () => undefined);
  return status;
}

const headings: Record<number, MessageKey> = { 400: 'error.400', 403: 'error.403', 404: 'error.404', 409: 'error.409', 422: 'error.400', 429: 'error.429' };

/** Renders the error page; 4xx pages say what the service said, a 500 never shows internals. */
export function renderError(req: Request, res: Response, status: number, detail?: string): void {
  const t = tr(res);
  const heading = t(headings[status] ?? (status >= 500 ? 'error.500' : 'error.400'));
  render(req, res, 'error', { title: heading, heading, status, detail: status < 500 ? detail : undefined }, { status });
}

/** Unknown pages: an HTML 404 for browsers; anything else falls through to the API's JSON 404. */
export const pageNotFound: RequestHandler = (req, res, next) => {
  const wantsHtml = req.method === 'GET' && req.get('accept')?.includes('text/html') && req.accepts(['html', 'json']) === 'html';
  if (!wantsHtml) return next();
  renderError(req, res, 404, tr(res)('error.404.detail'));
};

/** Errors on pages become pages: sign-in for the signed-out, a CSRF explanation, or the mapped status. */
export const pageErrorHandler: ErrorRequestHandler = (error, req, res, next) => {
  if (res.headersSent) return next(error);
  if ((error as { code?: string }).code === CSRF_ERROR_CODE) {
    renderError(req, res, 403, tr(res)('error.csrf'));
    return;
  }
  const status = statusOf(error, req);
  if (status === 401) {
    res.redirect(303, `/sign-in?next=${encodeURIComponent(req.originalUrl)}`);
    return;
  }
  renderError(req, res, status, error instanceof AppError ? error.message : databaseDataProblem(error));
};
