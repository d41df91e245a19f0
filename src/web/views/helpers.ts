import type Handlebars from 'handlebars';
import { MINUS } from '../../followups/format.ts';
import { intlTag, isMessageKey, translator, type Locale, type Params } from '../i18n/index.ts';

interface RootData {
  locale: Locale;
  timeZone: string;
}

type HelperOptions = Handlebars.HelperOptions & { data: { root: RootData } };

const numberFormats = new Map<string, Intl.NumberFormat>();
function formatNumber(locale: Locale, value: number, options: Intl.NumberFormatOptions = {}): string {
  const cacheKey = `${locale}|${JSON.stringify(options)}`;
  let format = numberFormats.get(cacheKey);
  if (!format) {
    format = new Intl.NumberFormat(intlTag[locale], options);
    numberFormats.set(cacheKey, format);
  }
  // One minus sign on every page, as the reports write it: Intl's English gives a hyphen, Bokmål U+2212.
  return format.format(value).replace(/^-/, MINUS);
}

/**
 * A percent as the reports write it, with a space in both languages: a share with one decimal
 * ("12.0 %", so a column lines up), a change whole and signed ("−4 %").
 */
function percentOf(locale: Locale, fraction: number, signed: boolean): string {
  const digits = signed ? 0 : 1;
  const text = formatNumber(locale, fraction * 100, { minimumFractionDigits: digits, maximumFractionDigits: digits, ...(signed ? { signDisplay: 'exceptZero' } : {}) });
  return `${text} %`;
}

const rootOf = (options: HelperOptions): RootData => options.data.root;

/** Every helper the pages use; each output is a plain string, so Handlebars escapes it. */
export function registerHelpers(hb: typeof Handlebars): void {
  hb.registerHelper('t', function (key: unknown, options: HelperOptions) {
    const text = isMessageKey(key) ? translator(rootOf(options).locale)(key, options.hash as Params) : String(key);
    return text;
  });
  hb.registerHelper('concat', (...args: unknown[]) => args.slice(0, -1).map(String).join(''));
  hb.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  hb.registerHelper('or', (...args: unknown[]) => args.slice(0, -1).some(Boolean));
  hb.registerHelper('and', (...args: unknown[]) => args.slice(0, -1).every(Boolean));
  hb.registerHelper('gt', (a: unknown, b: unknown) => typeof a === 'number' && typeof b === 'number' && a > b);
  hb.registerHelper('not', (a: unknown) => !a);
  hb.registerHelper('num', (value: unknown, options: HelperOptions) =>
    typeof value === 'number' ? formatNumber(rootOf(options).locale, value, { maximumFractionDigits: 1 }) : '',
  );
  hb.registerHelper('pct', (value: unknown, options: HelperOptions) =>
    typeof value === 'number' ? percentOf(rootOf(options).locale, value, false) : '',
  );
  /**
   * A relative change as a signed percentage; "new" when there was nothing before. Given the
   * current `count`, nothing before and nothing now is no change (0 %), not "new".
   */
  hb.registerHelper('delta', (value: unknown, options: HelperOptions) => {
    const { locale } = rootOf(options);
    if ((value === null || value === undefined) && options.hash?.count === 0) return '0 %';
    if (value === null || value === undefined) return translator(locale)('common.new');
    return percentOf(locale, value as number, true);
  });
  /** A difference of two shares in percentage points. */
  hb.registerHelper('pp', (value: unknown, options: HelperOptions) => {
    const { locale } = rootOf(options);
    if (typeof value !== 'number') return '';
    return `${formatNumber(locale, value * 100, { minimumFractionDigits: 1, maximumFractionDigits: 1, signDisplay: 'exceptZero' })} ${translator(locale)('common.pp')}`;
  });
  /** A calendar day (YYYY-MM-DD) as people read it, e.g. "Mon 23 Nov 2026". */
  hb.registerHelper('day', (value: unknown, options: HelperOptions) => {
    if (typeof value !== 'string') return '';
    const date = new Date(`${value}T12:00:00Z`);
    if (Number.isNaN(date.getTime())) return value;
    return new Intl.DateTimeFormat(intlTag[rootOf(options).locale], { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }).format(date);
  });
  /** The wall-clock time of an instant in the organisation's time zone. */
  hb.registerHelper('clock', (value: unknown, options: HelperOptions) => {
    const date = value instanceof Date ? value : typeof value === 'string' ? new Date(value) : undefined;
    if (!date || Number.isNaN(date.getTime())) return '';
    const { locale, timeZone } = rootOf(options);
    return new Intl.DateTimeFormat(intlTag[locale], { hour: '2-digit', minute: '2-digit', timeZone }).format(date);
  });
  /** Date and time of an instant in the organisation's time zone. */
  hb.registerHelper('when', (value: unknown, options: HelperOptions) => {
    const date = value instanceof Date ? value : typeof value === 'string' ? new Date(value) : undefined;
    if (!date || Number.isNaN(date.getTime())) return '';
    const { locale, timeZone } = rootOf(options);
    return new Intl.DateTimeFormat(intlTag[locale], { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(date);
  });
  hb.registerHelper('iso', (value: unknown) => (value instanceof Date ? value.toISOString() : typeof value === 'string' ? value : ''));
}
