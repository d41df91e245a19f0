import { doubleCsrf } from 'csrf-csrf';
import type { Request } from 'express';
import type { CookiePolicy } from './cookies.ts';
import type { SecretHolder } from './session.ts';

export const CSRF_FIELD = '_csrf';
export const CSRF_ERROR_CODE = 'EBADCSRFTOKEN';

/**
 * Double-submit CSRF tokens bound to the session id with an HMAC: the token travels in an http-only
 * SameSite=Strict cookie and again in each form's hidden field, and must match both.
 */
export function csrf(policy: CookiePolicy, holder: SecretHolder) {
  return doubleCsrf({
    getSecret: () => holder.value!,
    getSessionIdentifier: (req: Request) => req.sessionID ?? '',
    cookieName: policy.csrfCookie,
    cookieOptions: { sameSite: 'strict', secure: policy.secure, httpOnly: true, path: '/' },
    getCsrfTokenFromRequest: (req: Request) => {
      const field = (req.body as Record<string, unknown> | undefined)?.[CSRF_FIELD];
      return typeof field === 'string' ? field : req.get('x-csrf-token');
    },
    errorConfig: { statusCode: 403, message: 'The form expired or did not come from this site', code: CSRF_ERROR_CODE },
  });
}
