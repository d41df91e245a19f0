import type { Request } from 'express';
import { isLocale, LOCALES, type Locale } from './index.ts';

/**
 * The language a page is shown in: `?lang=` first (the switch in the footer), then the choice kept in
 * the session or the person's account, then the browser's Accept-Language, then English.
 */
export function chooseLocale(req: Request, saved: Locale | null | undefined): Locale {
  const asked = req.query.lang;
  if (isLocale(asked)) return asked;
  if (isLocale(req.session?.locale)) return req.session.locale;
  if (saved) return saved;
  return fromAcceptLanguage(req) ?? 'en';
}

/** Norwegian in any of its tags (nb, no, nn) reads Bokmål; otherwise the first language we have. */
function fromAcceptLanguage(req: Request): Locale | undefined {
  const accepted = req.acceptsLanguages();
  for (const tag of accepted) {
    const primary = tag.toLowerCase().split('-')[0]!;
    if (primary === 'no' || primary === 'nn' || primary === 'nb') return 'nb';
    if ((LOCALES as readonly string[]).includes(primary)) return primary as Locale;
    if (tag === '*') return undefined;
  }
  return undefined;
}
