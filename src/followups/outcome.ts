import type { Judgement } from './verdict.ts';

export interface FollowupOutcome {
  status: 'resolved' | 'reopened';
  /** Why, in a sentence for the case history and the owner. */
  reason: string;
}

/**
 * What the last follow-up decides: resolved only when the change is real (verdict `improved`) and
 * the desired state's target is met; anything else reopens the case, saying what fell short.
 */
export function finalOutcome(judgement: Judgement, input: { offsetDays: number; sentence: string }): FollowupOutcome {
  const shortfalls: string[] = [];
  if (judgement.verdict === 'insufficient_data') shortfalls.push('too little data to tell whether inquiries fell');
  if (judgement.verdict === 'no_change') shortfalls.push('no clear fall in inquiries');
  if (judgement.verdict === 'worsened') shortfalls.push('inquiries rose');
  if (!judgement.target) shortfalls.push('the desired state has no measurable target');
  else if (!judgement.target.met) shortfalls.push('the target is not met');
  const which = `The ${input.offsetDays}-day follow-up`;
  if (shortfalls.length === 0) return { status: 'resolved', reason: `${which} confirmed the fix: ${input.sentence}` };
  return { status: 'reopened', reason: `${which} did not confirm the fix (${shortfalls.join('; ')}): ${input.sentence}` };
}
