// Benchmarks the spike detector on a labelled data set of our own making (scripts/bench/detectData.ts):
// replays two years of 200 series day by day as if live and prints recall within the days the
// targets name next to an oracle that knows the true means (scripts/bench/ceiling.ts), median detection
// delay, false-alarm episodes per series per 90 days on event-free series, and the run time of the
// whole replay. The same set drawn with two other fixed seeds shows how much of each figure is the
// draw of the noise. A second, harsher set (dispersion 0.3 everywhere) is reported without targets.
// Usage: npm run bench:detect
import os from 'node:os';
import { publicHolidays } from '../src/detection/holidays.ts';
import { replaySeries } from '../src/detection/replay.ts';
import { ceilingRecall } from './bench/ceiling.ts';
import { labelledSeries, DAYS, MAIN_PHIS, STRESS_PHIS, WARM_UP_DAYS, type EventKind, type LabelledSeries } from './bench/detectData.ts';

/** Seeds of the spread check; the reported set keeps the generator's own fixed seed. */
const OTHER_SEEDS = [1, 2];

const BANDS = [
  { name: '0.5–2/day', min: 0.5, max: 2 },
  { name: '5–20/day', min: 5, max: 20 },
  { name: '50–300/day', min: 50, max: 300 },
];

/** What the issue asks: per kind and band, flagged within `withinDays` of onset in `recall` of cases. */
const TARGETS: Array<{ kind: EventKind; band: string; withinDays: number; recall: number }> = [
  { kind: 'spike', band: '5–20/day', withinDays: 2, recall: 0.9 },
  { kind: 'spike', band: '50–300/day', withinDays: 2, recall: 0.9 },
  { kind: 'level_shift', band: '5–20/day', withinDays: 2, recall: 0.9 },
  { kind: 'level_shift', band: '50–300/day', withinDays: 2, recall: 0.9 },
  { kind: 'ramp', band: '5–20/day', withinDays: 5, recall: 0.8 },
  { kind: 'ramp', band: '50–300/day', withinDays: 5, recall: 0.8 },
  { kind: 'level_shift', band: '0.5–2/day', withinDays: 7, recall: 0.7 },
  { kind: 'ramp', band: '0.5–2/day', withinDays: 7, recall: 0.7 },
];

/** The by-mean table also shows recall within these days: one more for a shift, two more for a ramp. */
const LATER_DAYS: Record<EventKind, number> = { spike: 2, level_shift: 3, ramp: 7 };

const median = (values: number[]) => (values.length ? [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]! : NaN);
const percent = (x: number) => `${(100 * x).toFixed(0)} %`;
const bandOf = (s: LabelledSeries) => BANDS.find((b) => s.meanPerDay >= b.min && s.meanPerDay <= b.max)?.name;

interface RecallRow {
  events: number;
  recall: number;
  /** Recall when a few more days are allowed (`LATER_DAYS`), for the rows that miss their target. */
  recallLater: number;
  ceiling: number;
  medianDelay: number;
}

interface Outcome {
  recall: Array<{ target: (typeof TARGETS)[number] } & RecallRow>;
  /** The targets of the 5–20/day band again, one row per true mean: where in the band recall runs out. */
  byMean: Array<{ target: (typeof TARGETS)[number]; mean: number | string } & RecallRow>;
  falseAlarms: Array<{ band: string; series: number; episodes: number; per90: number }>;
  seconds: number;
}

function evaluate(data: LabelledSeries[], holidays: Set<string>, options: { oracle: boolean } = { oracle: true }): Outcome {
  const started = performance.now();
  const alarms = data.map((s) => replaySeries(s.series, holidays, { fromIndex: WARM_UP_DAYS }).map((d) => d.findings.length > 0));
  const seconds = (performance.now() - started) / 1000;
  // Alarm indexes are relative to WARM_UP_DAYS; shift back to series indexes.
  const raisedOn = (k: number, i: number) => alarms[k]![i - WARM_UP_DAYS] ?? false;

  const recallOf = (target: (typeof TARGETS)[number], include: (s: LabelledSeries) => boolean): RecallRow => {
    const delays: number[] = [];
    const ceilings: number[] = [];
    let events = 0;
    data.forEach((s, k) => {
      if (!include(s)) return;
      for (const event of s.events.filter((e) => e.kind === target.kind)) {
        events++;
        if (options.oracle) ceilings.push(ceilingRecall(s, event, target.withinDays, k * 1000 + event.start));
        for (let i = event.start; i <= event.end + 7 && i < DAYS; i++) {
          if (raisedOn(k, i)) {
            delays.push(i - event.start);
            break;
          }
        }
      }
    });
    const within = (days: number) => delays.filter((d) => d <= days).length / events;
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    return { events, recall: within(target.withinDays), recallLater: within(LATER_DAYS[target.kind]), ceiling: mean(ceilings), medianDelay: median(delays) };
  };
  const recall = TARGETS.map((target) => ({ target, ...recallOf(target, (s) => bandOf(s) === target.band) }));
  const byMean = TARGETS.filter((t) => t.band === '5–20/day' && t.kind !== 'spike').flatMap((target) =>
    [5, 10, 20].map((m) => ({ target, mean: m, ...recallOf(target, (s) => s.meanPerDay === m) })),
  );

  // False alarms: episodes (runs of raised days) on event-free series, per series per 90 days.
  const per90 = (episodes: number, series: number) => (episodes / series) * (90 / (DAYS - WARM_UP_DAYS));
  const byBand = new Map<string, { episodes: number; series: number }>();
  data.forEach((s, k) => {
    if (s.events.length > 0) return;
    let episodes = 0;
    for (let i = WARM_UP_DAYS; i < DAYS; i++) if (raisedOn(k, i) && !raisedOn(k, i - 1)) episodes++;
    for (const band of [bandOf(s) ?? 'other (10/day)', 'all']) {
      const entry = byBand.get(band) ?? { episodes: 0, series: 0 };
      byBand.set(band, { episodes: entry.episodes + episodes, series: entry.series + 1 });
    }
  });
  const falseAlarms = [...byBand.entries()]
    .sort(([a], [b]) => (a === 'all' ? 1 : b === 'all' ? -1 : a.localeCompare(b)))
    .map(([band, e]) => ({ band, ...e, per90: per90(e.episodes, e.series) }));
  return { recall, byMean, falseAlarms, seconds };
}

function printRecall(outcome: Outcome, withTargets: boolean): boolean {
  let met = true;
  console.log(withTargets
    ? '| anomaly | volume | events | recall | oracle | target | median delay (days) | met |\n|---|---|---:|---:|---:|---:|---:|---|'
    : '| anomaly | volume | events | recall | oracle | median delay (days) |\n|---|---|---:|---:|---:|---:|');
  for (const row of outcome.recall) {
    const { target } = row;
    const ok = row.recall >= target.recall;
    met &&= ok;
    const head = `| ${target.kind} | ${target.band} | ${row.events} | ${percent(row.recall)} within ${target.withinDays} d | ${percent(row.ceiling)}`;
    console.log(withTargets ? `${head} | ≥ ${percent(target.recall)} | ${row.medianDelay} | ${ok ? 'yes' : 'NO'} |` : `${head} | ${row.medianDelay} |`);
  }
  return met;
}

function printByMean(outcome: Outcome): void {
  console.log('| anomaly | mean per day | events | recall | oracle | recall a little later | median delay (days) |\n|---|---:|---:|---:|---:|---:|---:|');
  const rows = [...outcome.byMean, ...outcome.recall.filter((r) => r.target.band === '5–20/day' && r.target.kind !== 'spike').map((r) => ({ ...r, mean: '5–20' }))];
  for (const row of rows) {
    const { kind, withinDays } = row.target;
    console.log(`| ${kind} | ${row.mean} | ${row.events} | ${percent(row.recall)} within ${withinDays} d | ${percent(row.ceiling)} | ${percent(row.recallLater)} within ${LATER_DAYS[kind]} d | ${row.medianDelay} |`);
  }
}

function printFalseAlarms(outcome: Outcome, withTargets: boolean): boolean {
  let met = true;
  console.log(withTargets
    ? '| false alarms on event-free series | series | episodes | per series per 90 days | target | met |\n|---|---:|---:|---:|---:|---|'
    : '| false alarms on event-free series | series | episodes | per series per 90 days |\n|---|---:|---:|---:|');
  for (const row of outcome.falseAlarms) {
    const ok = row.per90 <= 1;
    met &&= ok;
    const head = `| ${row.band} | ${row.series} | ${row.episodes} | ${row.per90.toFixed(2)}`;
    console.log(withTargets ? `${head} | ≤ 1 | ${ok ? 'yes' : 'NO'} |` : `${head} |`);
  }
  return met;
}

/** Target rows and false alarms side by side for several draws of the same set. */
function printSeedSpread(outcomes: Outcome[]): void {
  console.log(`| anomaly | volume | ${['reported seed', ...OTHER_SEEDS.map((s) => `seed ${s}`)].join(' | ')} | target |\n|---|---|${outcomes.map(() => '---:|').join('')}---:|`);
  outcomes[0]!.recall.forEach((row, r) => {
    const cells = outcomes.map((o) => `${percent(o.recall[r]!.recall)}`).join(' | ');
    console.log(`| ${row.target.kind} | ${row.target.band} | ${cells} | ≥ ${percent(row.target.recall)} within ${row.target.withinDays} d |`);
  });
  const falseAlarms = (o: Outcome) => o.falseAlarms.find((f) => f.band === 'all')!.per90.toFixed(2);
  console.log(`| false alarms per series per 90 days | all | ${outcomes.map(falseAlarms).join(' | ')} | ≤ 1 |`);
}

function main(): number {
  const holidays = publicHolidays('NO', [2025, 2026, 2027]);
  const main = evaluate(labelledSeries(holidays), holidays);
  console.log('Main set (dispersion 0, 0.05 and 0.15; one-day spikes of 6 standard deviations):\n');
  let met = printRecall(main, true);
  console.log('\nThe 5–20/day band by true mean (same events as above):\n');
  printByMean(main);
  console.log();
  met = printFalseAlarms(main, true) && met;
  console.log();
  console.log(`Replay: 200 series × ${DAYS - WARM_UP_DAYS} days in ${main.seconds.toFixed(1)} s (target < 60 s: ${main.seconds < 60 ? 'met' : 'MISSED'}); ` +
    `Node ${process.version}, ${os.availableParallelism()} CPUs.`);

  // The same generator with two other fixed seeds: how much of a figure above is the draw of the noise.
  const others = OTHER_SEEDS.map((seed) => evaluate(labelledSeries(holidays, { phis: MAIN_PHIS, spikeSd: 6, seed }), holidays, { oracle: false }));
  console.log(`\nThe same set drawn with other seeds (${OTHER_SEEDS.join(', ')}), for the spread of each figure; the targets are judged on the set above:\n`);
  printSeedSpread([main, ...others]);

  const stress = evaluate(labelledSeries(holidays, { phis: STRESS_PHIS, spikeSd: 6 }), holidays);
  console.log('\nStress set (dispersion 0.3 everywhere: a day-to-day spread of ±55 % at 300 a day), no targets:\n');
  printRecall(stress, false);
  console.log();
  printFalseAlarms(stress, false);
  return met && main.seconds < 60 ? 0 : 1;
}

process.exitCode = main();
