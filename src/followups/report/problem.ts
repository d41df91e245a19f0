import { addDays, type Day } from '../../time.ts';
import { numberFormats, type Locale } from '../format.ts';
import { wordingFor } from '../wording.ts';

export interface StoryDay {
  day: Day;
  count: number;
  total: number;
}

export interface ProblemInput {
  locale: Locale;
  topics: string[];
  markets: string[];
  days: StoryDay[];
  problemStartDay: Day | null;
  fixDay: Day | null;
  latestSentence: string | null;
}

/** A calendar day as people write it: 1 Nov 2026, 1. nov. 2026. */
export function formatDay(day: Day, locale: Locale): string {
  const format = new Intl.DateTimeFormat(locale === 'nb' ? 'nb-NO' : 'en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
  return format.format(new Date(`${day}T00:00:00Z`));
}

const BASELINE_DAYS = 28;

/**
 * The problem in one paragraph, from the figures: how far the topics rose from their level before
 * the problem (when the spikes say when it began) to their peak, when the fix shipped, and what the
 * latest measurement found.
 */
export function problemParagraph(input: ProblemInput): string {
  const words = wordingFor(input.locale);
  const n = numberFormats(input.locale);
  const nb = input.locale === 'nb';
  const day = (d: Day) => formatDay(d, input.locale);
  const subject = `${nb ? 'Henvendelser om' : 'Inquiries about'} ${words.list(input.topics)}${input.markets.length ? ` ${nb ? 'i' : 'in'} ${words.list(input.markets)}` : ''}`;
  const peak = peakOf(input.days, input.problemStartDay, input.fixDay);
  const level = input.problemStartDay ? levelBefore(input.days, input.problemStartDay) : undefined;
  let rise: string;
  if (!peak) rise = nb ? 'ble ikke registrert i perioden som vises.' : 'were not logged in the period shown.';
  else if (level !== undefined) {
    rise = nb
      ? `steg fra ${n.rate(level)} per dag de fire ukene før ${day(input.problemStartDay!)} til en topp på ${n.count(peak.count)} den ${day(peak.day)}.`
      : `rose from ${n.rate(level)} a day in the four weeks before ${day(input.problemStartDay!)} to a peak of ${n.count(peak.count)} on ${day(peak.day)}.`;
  } else rise = nb ? `toppet seg med ${n.count(peak.count)} den ${day(peak.day)}.` : `peaked at ${n.count(peak.count)} on ${day(peak.day)}.`;
  const fix = input.fixDay
    ? nb
      ? ` Rettingen ble levert ${day(input.fixDay)}.`
      : ` The fix shipped on ${day(input.fixDay)}.`
    : nb
      ? ' Ingen retting er levert ennå.'
      : ' No fix has shipped yet.';
  const latest = input.latestSentence ? ` ${nb ? 'Siste måling' : 'Latest measurement'}: ${input.latestSentence}` : '';
  return `${subject} ${rise}${fix}${latest}`;
}

/** The highest day from the problem's start (or the first day shown) up to the fix (or the last day shown). */
function peakOf(days: StoryDay[], from: Day | null, to: Day | null): StoryDay | undefined {
  return days
    .filter((d) => (!from || d.day >= from) && (!to || d.day <= to))
    .reduce<StoryDay | undefined>((best, d) => (d.count > 0 && (!best || d.count > best.count) ? d : best), undefined);
}

/** Inquiries a day over the four weeks before the problem began, when the story shows all of them. */
function levelBefore(days: StoryDay[], problemStartDay: Day): number | undefined {
  const from = addDays(problemStartDay, -BASELINE_DAYS);
  const window = days.filter((d) => d.day >= from && d.day < problemStartDay);
  if (window.length < BASELINE_DAYS) return undefined;
  return window.reduce((sum, d) => sum + d.count, 0) / BASELINE_DAYS;
}
