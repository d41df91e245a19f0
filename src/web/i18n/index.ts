import { en, type MessageKey } from './en.ts';
import { nb } from './nb.ts';

export const LOCALES = ['en', 'nb'] as const;
export type Locale = (typeof LOCALES)[number];
export type { MessageKey };

export const catalogues: Record<Locale, Record<MessageKey, string>> = { en, nb };

/** BCP 47 tags for Intl formatting. */
export const intlTag: Record<Locale, string> = { en: 'en-GB', nb: 'nb-NO' };

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

export function isMessageKey(value: unknown): value is MessageKey {
  return typeof value === 'string' && Object.hasOwn(en, value);
}

export type Params = Record<string, string | number | null | undefined>;
export type Translate = (key: MessageKey, params?: Params) => string;

/**
 * The UI text for a key in a language, with `{name}` placeholders filled in. An unknown key is
 * shown as itself, so a missing string is visible on the page rather than a blank.
 */
export function translator(locale: Locale): Translate {
  const messages = catalogues[locale];
  return (key, params) => {
    const text = messages[key] ?? en[key] ?? key;
    if (!params) return text;
    return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
      const value = params[name];
      return value === undefined || value === null ? whole : String(value);
    });
  };
}
