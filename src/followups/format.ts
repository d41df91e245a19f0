export type Locale = 'en' | 'nb';
export const LOCALES = ['en', 'nb'] as const satisfies readonly Locale[];

/** How a measurement's numbers are written; swap one out to change a single habit. */
export interface NumberFormats {
  /** Inquiries per day: one decimal (two significant digits where that would read 0.0: 0.04, not 0.0). */
  rate(perDay: number): string;
  /** A share of all inquiries as a percent: whole percents, one decimal under 1 %. */
  share(fraction: number): string;
  /** A change as a signed whole percent: −80 %, +12 %, 0 %. */
  change(fraction: number): string;
  /** A whole count, grouped (1,170 / 1 170). */
  count(value: number): string;
  /** NPS points, whole and signed with a true minus: +12, −40, 0 (never "−0"). */
  npsPoints(value: number): string;
}

/** The true minus sign (U+2212) every page and report writes; Intl's English gives a hyphen. */
export const MINUS = '\u2212';

/** English uses a decimal point, Norwegian Bokmål a decimal comma; both write "80 %" with a space. */
export function numberFormats(locale: Locale): NumberFormats {
  const tag = locale === 'nb' ? 'nb-NO' : 'en-GB';
  const fixed = (digits: number) => new Intl.NumberFormat(tag, { minimumFractionDigits: digits, maximumFractionDigits: digits });
  const oneDecimal = fixed(1);
  const whole = fixed(0);
  const twoSignificant = new Intl.NumberFormat(tag, { maximumSignificantDigits: 2 });
  const percentOf = (percent: number) => {
    if (percent === 0) return '0 %';
    if (percent >= 1) return `${whole.format(percent)} %`;
    return percent < 0.05 ? `< ${oneDecimal.format(0.1)} %` : `${oneDecimal.format(percent)} %`;
  };
  return {
    rate: (perDay) => (perDay === 0 ? '0' : perDay < 0.05 ? twoSignificant.format(perDay) : oneDecimal.format(perDay)),
    share: (fraction) => percentOf(fraction * 100),
    change: (fraction) => {
      if (fraction === Infinity) return '+\u221e';
      const percent = Math.abs(fraction * 100);
      // −99.6 % is not −100 %: "all gone" must only ever be read when it is true.
      const nearlyAll = Math.round(percent) === 100 && percent < 100 && fraction < 0;
      const digits = nearlyAll ? oneDecimal : whole;
      const text = digits.format(nearlyAll ? Math.min(percent, 99.9) : percent);
      if (text === digits.format(0)) return '0 %';
      return `${fraction < 0 ? MINUS : '+'}${text} %`;
    },
    count: (value) => whole.format(value),
    npsPoints: (value) => {
      const rounded = Math.round(value) || 0; // `|| 0` turns −0 into 0, which has no sign
      return `${rounded > 0 ? '+' : rounded < 0 ? MINUS : ''}${whole.format(Math.abs(rounded))}`;
    },
  };
}
