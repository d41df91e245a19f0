import { Transform } from 'node:stream';
import { Router, type Request } from 'express';
import { z } from 'zod';
import { requirePermission } from '../auth/middleware.ts';
import { can } from '../auth/roles.ts';
import type { AppContext } from '../context.ts';
import { AppError } from '../http/errors.ts';
import { parseInput, rowIdText } from '../http/validation.ts';
import { importCsv, ingest } from './service.ts';
import * as service from './service.ts';
import { importQuery, listInquiriesQuery, MAX_BATCH, volumeQuery } from './schemas.ts';
import { volume } from './stats.ts';

const idParam = z.object({ id: rowIdText() });

/** Logging (single, batch, CSV), listing, undo, and the volume statistics. */
export function inquiryRoutes(ctx: AppContext): Router {
  const router = Router();

  router.post('/inquiries', requirePermission('logInquiries'), async (req, res) => {
    const { items, single } = splitEnvelope(req);
    const result = await ingest(ctx.pool, items, {
      timeZone: ctx.config.TZ_NAME,
      defaultSource: 'api',
      loggedByTokenId: req.principal!.tokenId,
      createMissing: false,
      asOf: ctx.now(),
      returnIds: single,
    });
    const { ids, ...summary } = result;
    const status = summary.created > 0 ? 201 : summary.rejected.length > 0 ? 400 : 200;
    res.status(status).json(single ? { ...summary, id: ids[0] ?? null } : summary);
  });

  router.post('/inquiries/import', requirePermission('logInquiries'), async (req, res) => {
    if (!req.is('text/csv')) {
      throw new AppError('UNSUPPORTED_MEDIA_TYPE', `Send the file as "Content-Type: text/csv" (got "${req.get('content-type') ?? 'none'}")`);
    }
    const query = parseInput(importQuery, req.query, 'query');
    // New topics and markets change everyone's taxonomy: only those who may manage it create them.
    if (query.createMissing === 'true' && !can(req.principal!.role, 'manageTaxonomy')) {
      throw new AppError('FORBIDDEN', `createMissing=true creates topics and markets, which role "${req.principal!.role}" may not do; ask an analyst or admin, or import without it`);
    }
    const limit = ctx.config.CSV_IMPORT_LIMIT_MB * 1024 * 1024;
    if (Number(req.get('content-length') ?? 0) > limit) {
      throw new AppError('PAYLOAD_TOO_LARGE', `The file is larger than ${ctx.config.CSV_IMPORT_LIMIT_MB} MB; use "pinchpoint import" for big files`);
    }
    const result = await importCsv(ctx.pool, req.pipe(byteLimit(limit, ctx.config.CSV_IMPORT_LIMIT_MB)), {
      timeZone: ctx.config.TZ_NAME,
      source: query.source ?? 'csv',
      loggedByTokenId: req.principal!.tokenId,
      createMissing: query.createMissing === 'true',
      asOf: ctx.now(),
    });
    res.status(result.created > 0 ? 201 : 200).json(result);
  });

  router.get('/inquiries', requirePermission('readInquiries'), async (req, res) => {
    const query = parseInput(listInquiriesQuery, req.query, 'query');
    const inquiries = await service.listInquiries(ctx.pool, query, {
      principal: req.principal!,
      timeZone: ctx.config.TZ_NAME,
      now: ctx.now(),
    });
    res.json({ inquiries });
  });

  router.delete('/inquiries/:id', requirePermission('deleteOwnInquiries'), async (req, res) => {
    const { id } = parseInput(idParam, req.params, 'inquiry id');
    await service.deleteInquiry(ctx.pool, id, req.principal!);
    res.status(204).end();
  });

  router.get('/stats/volume', requirePermission('readStats'), async (req, res) => {
    const query = parseInput(volumeQuery, req.query, 'query');
    res.json(await volume(ctx.pool, query, { timeZone: ctx.config.TZ_NAME, now: ctx.now() }));
  });
  return router;
}

/** Stops a chunked upload that grows past the limit; rows already stored stay (re-sending is safe). */
function byteLimit(limit: number, megabytes: number): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      seen += chunk.length;
      if (seen > limit) {
        callback(new AppError('PAYLOAD_TOO_LARGE', `The file is larger than ${megabytes} MB; rows before that point were stored, re-sending is safe; use "pinchpoint import" for big files`));
        return;
      }
      callback(null, chunk);
    },
  });
}

/** One object is one inquiry; `{ inquiries: [...] }` is a batch of up to MAX_BATCH. */
function splitEnvelope(req: Request): { items: unknown[]; single: boolean } {
  const body: unknown = req.body;
  if (body === undefined || body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new AppError('INVALID_INPUT', 'Send a JSON object: one inquiry, or { "inquiries": [...] } (Content-Type: application/json)');
  }
  if (!('inquiries' in body)) return { items: [body], single: true };
  const items = (body as { inquiries: unknown }).inquiries;
  if (!Array.isArray(items)) throw new AppError('INVALID_INPUT', 'inquiries: must be an array');
  if (items.length > MAX_BATCH) {
    throw new AppError('PAYLOAD_TOO_LARGE', `inquiries: ${items.length} items; at most ${MAX_BATCH} per request`);
  }
  return { items, single: false };
}
