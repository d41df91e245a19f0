import type { DataNeeded } from './dataNeeded.ts';
import type { Locale } from './format.ts';
import type { Figures } from './statistics.ts';
import type { FollowupTarget } from './target.ts';
import type { Basis, Judgement } from './verdict.ts';
import { wordingFor, type Wording } from './wording.ts';

export interface SentenceInput {
  /** Display names of the case's topics, e.g. ["SMS payment"]. */
  topics: string[];
  /** Display names of its markets; leave empty when the case covers all of them. */
  markets?: string[];
  figures: Figures;
  judgement: Judgement;
}

export interface SentenceOptions {
  locale?: Locale;
  /** Replaces the locale's wording, or single phrases of it. */
  wording?: Partial<Wording>;
}

/**
 * One sentence a leader can read: the level before and after, the change with its 95 % interval,
 * what that means, whether it is back to the level before the problem and whether the target is
 * met — or, when the data cannot tell, that it cannot and what would.
 * "SMS payment, Torget: 15.6 → 3.1 a day (−80 %, 95 % CI −86 % to −73 %), back to the level before the problem."
 */
export function measurementSentence(input: SentenceInput, options: SentenceOptions = {}): string {
  const words = wordingFor(options.locale ?? 'en', options.wording);
  const subject = words.list(input.topics) + (input.markets?.length ? `, ${words.list(input.markets)}` : '');
  const { judgement } = input;
  const needed = judgement.needed;
  if (needed?.reason === 'no_inquiries') return `${subject}: ${words.nothingToMeasure}.`;
  const levels = beforeAndAfter(input.figures, judgement.basis, words);
  if (needed?.reason === 'too_few_days') {
    return `${subject}: ${levels} ${words.tooEarly(input.figures.rate.after.days)}; ${words.measureAgainIn(needed.moreAfterDays ?? 1)}.`;
  }
  const change = changeWithInterval(input.figures, judgement.basis, words);
  if (needed) return `${subject}: ${levels} ${change}, ${tooFewInquiries(needed, words)}.`;
  const meaning = [...verdictClauses(input.figures, judgement, words)].join(', ');
  const target = judgement.target ? `; ${words.target(describeTarget(judgement.target.target, words), judgement.target.met)}` : '';
  return `${subject}: ${levels} ${change}, ${meaning}${target}.`;
}

function beforeAndAfter(figures: Figures, basis: Basis, words: Wording): string {
  const n = words.numbers;
  if (basis === 'share') return `${n.share(figures.share.before.share)} → ${n.share(figures.share.after.share)} ${words.ofAllInquiries}`;
  return `${n.rate(figures.rate.before.ratePerDay)} → ${n.rate(figures.rate.after.ratePerDay)} ${words.perDay}`;
}

function changeWithInterval(figures: Figures, basis: Basis, words: Wording): string {
  const comparison = figures[basis];
  if (comparison.before.count === 0) return `(${words.noneBefore})`;
  const n = words.numbers;
  return `(${n.change(comparison.change)}, ${words.interval(n.change(comparison.changeCi.lower), n.change(comparison.changeCi.upper))})`;
}

function* verdictClauses(figures: Figures, judgement: Judgement, words: Wording): Generator<string> {
  const status = judgement.baseline?.status;
  const level = figures.baseline ? baselineLevel(figures.baseline, judgement.basis, words) : '';
  if (judgement.verdict === 'improved') {
    if (status === 'back') {
      yield words.backToBaseline;
      return;
    }
    yield words.clearFall;
    if (status === 'above') yield words.butStillAboveBaseline(level);
    if (status === 'unclear') yield words.notYetClearlyBack(level);
    return;
  }
  yield judgement.verdict === 'worsened' ? words.clearRise : words.noClearChange;
  if (status === 'back') yield words.atBaseline;
  if (status === 'above') yield words.aboveBaseline(level);
}

function baselineLevel(baseline: NonNullable<Figures['baseline']>, basis: Basis, words: Wording): string {
  if (basis === 'share') return words.numbers.share(baseline.share.before.share);
  return `${words.numbers.rate(baseline.rate.before.ratePerDay)} ${words.perDay}`;
}

function tooFewInquiries(needed: DataNeeded, words: Wording): string {
  const n = words.numbers;
  const what = words.tooFewInquiries(n.change(needed.relevantRatio - 1), n.count(needed.beforeCountNeeded ?? 0), n.count(needed.beforeCount));
  if (needed.moreAfterDays !== undefined) return `${what}; ${words.measureAgainIn(needed.moreAfterDays)}`;
  if (needed.windowDays !== undefined) return `${what}; ${words.windowsWouldDo(needed.windowDays)}`;
  return what;
}

function describeTarget(target: FollowupTarget, words: Wording): string {
  const n = words.numbers;
  switch (target.metric) {
    case 'ratePerDay':
      return words.targetRatePerDay(n.rate(target.max));
    case 'share':
      return words.targetShare(n.share(target.max));
    case 'reduction':
      return words.targetReduction(n.share(target.min));
  }
}
