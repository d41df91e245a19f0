import type { Config } from '../../config.ts';

export interface CookiePolicy {
  secure: boolean;
  sessionCookie: string;
  csrfCookie: string;
}

function isLocalHttp(baseUrl: string): boolean {
  const url = new URL(baseUrl);
  return url.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
}

/**
 * Cookies are Secure unless told otherwise or plainly running on a developer's machine. Secure
 * cookies take the `__Host-` prefix, which a browser only accepts from HTTPS, for the whole site and
 * without a Domain: no sub-domain or plain-http page can plant or overwrite them.
 */
export function cookiePolicy(config: Pick<Config, 'COOKIE_SECURE' | 'NODE_ENV' | 'PUBLIC_BASE_URL'>): CookiePolicy {
  const secure = config.COOKIE_SECURE ?? !(config.NODE_ENV === 'development' || config.NODE_ENV === 'test' || isLocalHttp(config.PUBLIC_BASE_URL));
  const prefix = secure ? '__Host-' : '';
  return { secure, sessionCookie: `${prefix}pp.sid`, csrfCookie: `${prefix}pp.csrf` };
}
