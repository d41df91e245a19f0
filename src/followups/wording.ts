import { numberFormats, type Locale, type NumberFormats } from './format.ts';

/** Every word of a measurement sentence, per language. Numbers arrive already formatted. */
export interface Wording {
  numbers: NumberFormats;
  list(items: string[]): string;
  perDay: string;
  ofAllInquiries: string;
  interval(lower: string, upper: string): string;
  noneBefore: string;
  clearFall: string;
  clearRise: string;
  noClearChange: string;
  backToBaseline: string;
  /** After a clear fall that has not reached the old level. */
  butStillAboveBaseline(level: string): string;
  notYetClearlyBack(level: string): string;
  atBaseline: string;
  aboveBaseline(level: string): string;
  targetRatePerDay(max: string): string;
  targetShare(max: string): string;
  targetReduction(min: string): string;
  target(description: string, met: boolean): string;
  tooEarly(afterDays: number): string;
  tooFewInquiries(change: string, needed: string, had: string): string;
  measureAgainIn(days: number): string;
  windowsWouldDo(days: number): string;
  nothingToMeasure: string;
}

const days = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

function english(): Wording {
  const list = new Intl.ListFormat('en-GB', { type: 'conjunction' });
  return {
    numbers: numberFormats('en'),
    list: (items) => list.format(items),
    perDay: 'a day',
    ofAllInquiries: 'of all inquiries',
    interval: (lower, upper) => `95 % CI ${lower} to ${upper}`,
    noneBefore: 'none before the fix',
    clearFall: 'a clear fall',
    clearRise: 'a clear rise',
    noClearChange: 'no clear change',
    backToBaseline: 'back to the level before the problem',
    butStillAboveBaseline: (level) => `but still above the level before the problem (${level})`,
    notYetClearlyBack: (level) => `not yet clearly back to the level before the problem (${level})`,
    atBaseline: 'at the level before the problem',
    aboveBaseline: (level) => `above the level before the problem (${level})`,
    targetRatePerDay: (max) => `at most ${max} a day`,
    targetShare: (max) => `at most ${max} of all inquiries`,
    targetReduction: (min) => `a reduction of at least ${min}`,
    target: (description, met) => `target of ${description} ${met ? 'met' : 'not met'}`,
    tooEarly: (afterDays) => `over only ${days(afterDays, 'day', 'days')} after the fix, too early to tell`,
    tooFewInquiries: (change, needed, had) =>
      `too few inquiries to tell: seeing a ${change} change takes about ${needed} inquiries before the fix, there were ${had}`,
    measureAgainIn: (n) => `measure again in ${days(n, 'day', 'days')}`,
    windowsWouldDo: (n) => `${n} days on each side of the fix would do at this level`,
    nothingToMeasure: 'no inquiries before or after the fix, nothing to measure',
  };
}

function norwegian(): Wording {
  const list = new Intl.ListFormat('nb', { type: 'conjunction' });
  return {
    numbers: numberFormats('nb'),
    list: (items) => list.format(items),
    perDay: 'per dag',
    ofAllInquiries: 'av alle henvendelser',
    interval: (lower, upper) => `95 % KI ${lower} til ${upper}`,
    noneBefore: 'ingen før rettingen',
    clearFall: 'en tydelig nedgang',
    clearRise: 'en tydelig økning',
    noClearChange: 'ingen tydelig endring',
    backToBaseline: 'tilbake på nivået fra før problemet',
    butStillAboveBaseline: (level) => `men fortsatt over nivået fra før problemet (${level})`,
    notYetClearlyBack: (level) => `ennå ikke tydelig tilbake på nivået fra før problemet (${level})`,
    atBaseline: 'på nivået fra før problemet',
    aboveBaseline: (level) => `over nivået fra før problemet (${level})`,
    targetRatePerDay: (max) => `høyst ${max} per dag`,
    targetShare: (max) => `høyst ${max} av alle henvendelser`,
    targetReduction: (min) => `en reduksjon på minst ${min}`,
    target: (description, met) => `målet om ${description} er ${met ? 'nådd' : 'ikke nådd'}`,
    tooEarly: (afterDays) => `over bare ${days(afterDays, 'dag', 'dager')} etter rettingen, for tidlig å si`,
    tooFewInquiries: (change, needed, had) =>
      `for få henvendelser til å si noe: å se en endring på ${change} krever omtrent ${needed} henvendelser før rettingen, det var ${had}`,
    measureAgainIn: (n) => `mål igjen om ${days(n, 'dag', 'dager')}`,
    windowsWouldDo: (n) => `${n} dager på hver side av rettingen ville holde på dette nivået`,
    nothingToMeasure: 'ingen henvendelser før eller etter rettingen, ingenting å måle',
  };
}

const builders: Record<Locale, () => Wording> = { en: english, nb: norwegian };

/** The wording for a language; pass `overrides` to change single phrases or number habits. */
export function wordingFor(locale: Locale, overrides: Partial<Wording> = {}): Wording {
  return { ...builders[locale](), ...overrides };
}
