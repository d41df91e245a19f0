import type { RequestHandler } from 'express';
import type { AppContext } from '../context.ts';
import { AppError } from '../http/errors.ts';
import './principal.ts';
import { can, PERMISSIONS, type Permission } from './roles.ts';
import { authenticate } from './tokenService.ts';

/** Requires `Authorization: Bearer <token>` on every route below it; 401 without a valid token. */
export function requireToken(ctx: AppContext): RequestHandler {
  return async (req, _res, next) => {
    const header = req.get('authorization') ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) throw new AppError('UNAUTHENTICATED', 'Missing "Authorization: Bearer <token>" header');
    req.principal = await authenticate(ctx.pool, match[1]!, ctx.now());
    req.log?.setBindings?.({ tokenId: req.principal.tokenId });
    next();
  };
}

/** 403 unless the caller's role carries the permission; the message names the roles that would. */
export function requirePermission(permission: Permission): RequestHandler {
  return (req, _res, next) => {
    const principal = req.principal;
    if (!principal) throw new AppError('UNAUTHENTICATED', 'Not signed in');
    if (!can(principal.role, permission)) {
      throw new AppError(
        'FORBIDDEN',
        `Role "${principal.role}" may not ${permission}; allowed: ${PERMISSIONS[permission].join(', ')}`,
      );
    }
    next();
  };
}
