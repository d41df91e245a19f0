import type { ParsedTrackerBodyInput } from './input.ts';
import { safeLinkUrl } from './markup.ts';

/** How one tracker escapes user text: keeping paragraphs, or as one line. */
export interface TextEscaper {
  block(text: string): string;
  line(text: string): string;
}

const integer = new Intl.NumberFormat('en', { maximumFractionDigits: 0 });
const decimal = new Intl.NumberFormat('en', { maximumFractionDigits: 1 });

/** 0.3 → "30 %", 0.042 → "4.2 %"; a signed change gets a real minus sign. */
export function formatPercent(fraction: number, signed = false): string {
  const value = decimal.format(Math.abs(fraction) * 100);
  const sign = !signed || fraction === 0 ? (fraction < 0 ? '−' : '') : fraction < 0 ? '−' : '+';
  return `${sign}${value} %`;
}

function describeTarget(target: NonNullable<ParsedTrackerBodyInput['case']['target']>): string {
  return target.metric === 'share'
    ? `at most ${formatPercent(target.max)} of all inquiries`
    : `at most ${decimal.format(target.max)} inquiries a day`;
}

function link(url: string): string {
  // The input schema admits only http(s) URLs, which safeLinkUrl always accepts.
  return safeLinkUrl(url) ?? '';
}

type Period = NonNullable<ParsedTrackerBodyInput['evidence']>['window'];

// Our own figures go through the escaper too: "4. " or "-1" at a line start would be markup.
function period(p: Period, esc: TextEscaper) {
  const { line } = esc;
  return { from: line(p.from), to: line(p.to), count: line(integer.format(p.count)), ratePerDay: line(decimal.format(p.ratePerDay)), share: line(formatPercent(p.share)) };
}

/**
 * The values a template sees. Every string from a person is escaped here, once, so a template
 * can print `{{case.title}}` without thinking; numbers and dates are formatted for reading.
 * Optional parts are present as null, so strict templates can test them with `{{#if}}`.
 */
export function buildTemplateView(input: ParsedTrackerBodyInput, esc: TextEscaper) {
  const { case: c, action, evidence, update, measurement } = input;
  return {
    case: {
      ref: esc.line(c.ref),
      title: esc.line(c.title),
      status: esc.line(c.status.replace(/_/g, ' ')),
      url: link(c.url),
      reportUrl: c.reportUrl ? link(c.reportUrl) : null,
      currentState: esc.block(c.currentState),
      rootCauses: c.rootCauses.map((cause) => ({ text: esc.line(cause.text), category: esc.line(cause.category) })),
      desiredState: esc.block(c.desiredState),
      target: c.target ? esc.line(describeTarget(c.target)) : null,
      owner: c.owner ? esc.line(c.owner.name) : null,
      team: c.team ? esc.line(c.team) : null,
      priority: c.priority ? esc.line(c.priority) : null,
    },
    action: action
      ? { title: esc.line(action.title), owner: action.owner ? esc.line(action.owner) : null, dueDate: action.dueDate ? esc.line(action.dueDate) : null, status: esc.line(action.status) }
      : null,
    evidence: evidence
      ? {
          topics: esc.line(evidence.topics.join(', ')),
          markets: esc.line(evidence.markets.join(', ')),
          window: period(evidence.window, esc),
          peak: evidence.peak ? { day: esc.line(evidence.peak.day), count: esc.line(integer.format(evidence.peak.count)) } : null,
        }
      : null,
    update: update
      ? { message: esc.block(update.message), changes: update.changes.map((change) => ({ label: esc.line(change.label), value: esc.line(change.value) })) }
      : null,
    measurement: measurement
      ? {
          sentence: esc.block(measurement.sentence),
          before: period(measurement.before, esc),
          after: period(measurement.after, esc),
          change: esc.line(formatPercent(measurement.change, true)),
          targetMet: measurement.targetMet === null ? null : measurement.targetMet ? 'met' : 'not met',
        }
      : null,
  };
}

export type TemplateView = ReturnType<typeof buildTemplateView>;
