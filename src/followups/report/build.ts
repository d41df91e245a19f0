import { getCase, mustGetCase } from '../../cases/service.ts';
import { addDays, dayOf, daysInclusive, type Day } from '../../time.ts';
import { numberFormats, type Locale } from '../format.ts';
import { statusLabel } from '../labels.ts';
import { scopeOf } from '../measure.ts';
import { toMeasurementView, type MeasurementView } from '../measurementView.ts';
import { planView, type FollowupPlan } from '../planView.ts';
import * as repo from '../repo.ts';
import { measuredCaseOf, type FollowupContext } from '../shared.ts';
import { reportLabels } from './labels.ts';
import { problemParagraph } from './problem.ts';

export interface StoryPoint {
  day: Day;
  count: number;
  total: number;
  /** The topics' share of all inquiries in the case's markets over the 7 days up to this day (null: none logged). */
  share7: number | null;
}

export interface StoryMarker {
  day: Day;
  kind: 'problem' | 'fix' | 'followup';
  label: string;
}

/** Everything the case report shows, as data: the HTML page renders exactly this, the JSON route returns it. */
export interface CaseReport {
  lang: Locale;
  /** The last finished day the figures cover. */
  asOf: Day;
  case: {
    id: number;
    key: string;
    title: string;
    status: string;
    statusLabel: string;
    owner: { name: string; email: string } | null;
    team: string | null;
    priority: string;
    topics: Array<{ key: string; name: string }>;
    markets: Array<{ key: string; name: string }>;
  };
  problem: string;
  method: {
    currentState: string;
    rootCauses: Array<{ text: string; category: string | null }>;
    desiredState: string;
    target: { metric: string; max: number } | null;
    targetText: string | null;
    actions: Array<{ title: string; owner: string | null; dueDate: string | null; status: string }>;
  };
  spikes: repo.CaseSpike[];
  problemStartDay: Day | null;
  fix: { shippedAt: Date; fixDay: Day; offsetsDays: number[] } | null;
  followups: FollowupPlan['followups'];
  story: { from: Day; to: Day; days: StoryPoint[] };
  markers: StoryMarker[];
  measurements: MeasurementView[];
}

const STORY_MAX_DAYS = 400;

/** Builds a case's report as of the last finished day, in one language. */
export async function buildCaseReport(ctx: FollowupContext, caseId: number, lang: Locale): Promise<CaseReport> {
  const labels = reportLabels[lang];
  const row = await mustGetCase(ctx.pool, caseId);
  const view = await getCase(ctx.pool, caseId);
  const fix = (await repo.getFix(ctx.pool, caseId)) ?? null;
  const rows = await repo.listMeasurements(ctx.pool, caseId);
  const measurements = rows.map(toMeasurementView);
  const plan = fix ? planView(ctx, row, fix, rows) : null;
  const spikes = await repo.listCaseSpikes(ctx.pool, caseId);
  const problemStartDay = spikes[0]?.firstDay ?? null;
  const asOf = addDays(dayOf(ctx.now(), ctx.config.TZ_NAME), -1);
  const range = storyRange({ asOf, fix, problemStartDay, measurements, evidenceFrom: evidenceStart(view.evidence) });
  const scope = await scopeOf(ctx.pool, measuredCaseOf(row));
  const days = scope.topicIds.length === 0 ? [] : await repo.dailyCounts(ctx.pool, { ...scope, ...range });
  const story = { ...range, days: withShare7(days) };
  const latest = measurements.at(-1);
  return {
    lang,
    asOf,
    case: {
      id: view.id,
      key: view.key,
      title: view.title,
      status: view.status,
      statusLabel: statusLabel(view.status, lang),
      owner: view.owner ? { name: view.owner.name, email: view.owner.email } : null,
      team: view.team,
      priority: view.priority,
      topics: view.topics,
      markets: view.markets,
    },
    problem: problemParagraph({
      locale: lang,
      topics: view.topics.map((t) => t.name),
      markets: view.markets.map((m) => m.name),
      days,
      problemStartDay,
      fixDay: fix?.fixDay ?? null,
      latestSentence: latest ? latest.sentence[lang] : null,
    }),
    method: {
      currentState: view.currentState,
      rootCauses: view.rootCauses.map((c) => ({ text: c.text, category: c.category ?? null })),
      desiredState: view.desiredState,
      target: view.target,
      targetText: view.target ? targetText(view.target, lang) : null,
      actions: view.actions
        .filter((a) => a.status !== 'dropped')
        .map((a) => ({ title: a.title, owner: a.owner?.name ?? null, dueDate: a.dueDate, status: a.status })),
    },
    spikes,
    problemStartDay,
    fix: fix ? { shippedAt: fix.shippedAt, fixDay: fix.fixDay, offsetsDays: fix.offsetsDays } : null,
    followups: plan?.followups ?? [],
    story,
    markers: markersOf({ problemStartDay, fixDay: fix?.fixDay ?? null, followups: plan?.followups ?? [], range, labels }),
    measurements,
  };
}

/**
 * From well before the problem (four weeks before it began, six before the fix, the earliest window
 * measured, the case's evidence) to the last follow-up or yesterday, whichever is earlier.
 */
function storyRange(input: {
  asOf: Day;
  fix: repo.FixRow | null;
  problemStartDay: Day | null;
  measurements: MeasurementView[];
  evidenceFrom: Day | null;
}): { from: Day; to: Day } {
  const lastFollowup = input.fix ? addDays(input.fix.fixDay, Math.max(...input.fix.offsetsDays)) : input.asOf;
  const to = lastFollowup < input.asOf ? lastFollowup : input.asOf;
  const starts = [addDays(to, -89)];
  if (input.problemStartDay) starts.push(addDays(input.problemStartDay, -28));
  if (input.fix) starts.push(addDays(input.fix.fixDay, -42));
  if (input.evidenceFrom) starts.push(input.evidenceFrom);
  for (const m of input.measurements) starts.push(...windowStarts(m.windows));
  const earliest = starts.sort()[0]!;
  const from = daysInclusive(earliest, to) > STORY_MAX_DAYS ? addDays(to, -(STORY_MAX_DAYS - 1)) : earliest;
  return { from, to };
}

function windowStarts(windows: unknown): Day[] {
  const all = Object.values((windows ?? {}) as Record<string, { from?: unknown }>);
  return all.flatMap((w) => (typeof w?.from === 'string' ? [w.from] : []));
}

function evidenceStart(evidence: unknown): Day | null {
  const from = (evidence as { from?: unknown } | null)?.from;
  return typeof from === 'string' ? from : null;
}

function withShare7(days: Array<{ day: Day; count: number; total: number }>): StoryPoint[] {
  return days.map((d, i) => {
    const week = days.slice(Math.max(0, i - 6), i + 1);
    const total = week.reduce((sum, w) => sum + w.total, 0);
    return { ...d, share7: total === 0 ? null : week.reduce((sum, w) => sum + w.count, 0) / total };
  });
}

function markersOf(input: {
  problemStartDay: Day | null;
  fixDay: Day | null;
  followups: FollowupPlan['followups'];
  range: { from: Day; to: Day };
  labels: (typeof reportLabels)[Locale];
}): StoryMarker[] {
  const { labels, range } = input;
  const markers: StoryMarker[] = [];
  if (input.problemStartDay) markers.push({ day: input.problemStartDay, kind: 'problem', label: labels.problemBegan });
  if (input.fixDay) markers.push({ day: input.fixDay, kind: 'fix', label: labels.fixShipped });
  for (const f of input.followups) markers.push({ day: f.asOf, kind: 'followup', label: labels.followup(f.offsetDays) });
  return markers.filter((m) => m.day >= range.from && m.day <= range.to);
}

function targetText(target: { metric: string; max: number }, lang: Locale): string {
  const n = numberFormats(lang);
  if (target.metric === 'share') return lang === 'nb' ? `høyst ${n.share(target.max)} av alle henvendelser` : `at most ${n.share(target.max)} of all inquiries`;
  return lang === 'nb' ? `høyst ${n.rate(target.max)} henvendelser per dag` : `at most ${n.rate(target.max)} inquiries a day`;
}
