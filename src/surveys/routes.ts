import { Transform } from 'node:stream';
import { Router, type Request } from 'express';
import { requirePermission } from '../auth/middleware.ts';
import type { AppContext } from '../context.ts';
import { AppError } from '../http/errors.ts';
import { parseInput } from '../http/validation.ts';
import { experienceQuery, importQuery, listResponsesQuery, MAX_BATCH } from './schemas.ts';
import * as service from './service.ts';

/** Survey answers (single, batch, CSV), their list, and the experience statistics. */
export function surveyRoutes(ctx: AppContext): Router {
  const router = Router();

  router.post('/responses', requirePermission('logResponses'), async (req, res) => {
    const { items, single } = splitEnvelope(req);
    const result = await service.ingestResponses(ctx.pool, items, {
      timeZone: ctx.config.TZ_NAME,
      defaultSource: 'api',
      loggedByTokenId: req.principal!.tokenId,
      asOf: ctx.now(),
      returnIds: single,
    });
    const { ids, ...summary } = result;
    const status = summary.created > 0 ? 201 : summary.rejected.length > 0 ? 400 : 200;
    res.status(status).json(single ? { ...summary, id: ids[0] ?? null } : summary);
  });

  router.post('/responses/import', requirePermission('logResponses'), async (req, res) => {
    if (!req.is('text/csv')) {
      throw new AppError('UNSUPPORTED_MEDIA_TYPE', `Send the file as "Content-Type: text/csv" (got "${req.get('content-type') ?? 'none'}")`);
    }
    const query = parseInput(importQuery, req.query, 'query');
    const megabytes = ctx.config.CSV_IMPORT_LIMIT_MB;
    if (Number(req.get('content-length') ?? 0) > megabytes * 1024 * 1024) {
      throw new AppError('PAYLOAD_TOO_LARGE', `The file is larger than ${megabytes} MB; use "pinchpoint import-responses" for big files`);
    }
    const result = await service.importResponsesCsv(ctx.pool, req.pipe(byteLimit(megabytes)), {
      timeZone: ctx.config.TZ_NAME,
      source: query.source ?? 'csv',
      loggedByTokenId: req.principal!.tokenId,
      asOf: ctx.now(),
    });
    res.status(result.created > 0 ? 201 : 200).json(result);
  });

  router.get('/responses', requirePermission('readResponses'), async (req, res) => {
    const query = parseInput(listResponsesQuery, req.query, 'query');
    res.json({ responses: await service.listResponses(ctx.pool, query, { timeZone: ctx.config.TZ_NAME, now: ctx.now() }) });
  });

  router.get('/stats/experience', requirePermission('readStats'), async (req, res) => {
    const query = parseInput(experienceQuery, req.query, 'query');
    res.json(await service.experienceReport(ctx.pool, query, { timeZone: ctx.config.TZ_NAME, now: ctx.now(), minSample: ctx.config.SURVEY_MIN_SAMPLE }));
  });
  return router;
}

/** Stops a chunked upload that grows past the limit; answers already stored stay (re-sending is safe). */
function byteLimit(megabytes: number): Transform {
  const limit = megabytes * 1024 * 1024;
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      seen += chunk.length;
      if (seen > limit) {
        callback(new AppError('PAYLOAD_TOO_LARGE', `The file is larger than ${megabytes} MB; rows before that point were stored, re-sending is safe`));
        return;
      }
      callback(null, chunk);
    },
  });
}

/** One object is one answer; `{ responses: [...] }` is a batch of up to MAX_BATCH. */
function splitEnvelope(req: Request): { items: unknown[]; single: boolean } {
  const body: unknown = req.body;
  if (body === undefined || body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new AppError('INVALID_INPUT', 'Send a JSON object: one answer, or { "responses": [...] } (Content-Type: application/json)');
  }
  if (!('responses' in body)) return { items: [body], single: true };
  const items = (body as { responses: unknown }).responses;
  if (!Array.isArray(items)) throw new AppError('INVALID_INPUT', 'responses: must be an array');
  if (items.length > MAX_BATCH) throw new AppError('PAYLOAD_TOO_LARGE', `responses: ${items.length} items; at most ${MAX_BATCH} per request`);
  return { items, single: false };
}
