import assert from 'node:assert/strict';
import { generateDemoInquiries } from '../../src/demo/generate.ts';
import type { Series } from '../../src/detection/detector.ts';
import { publicHolidays } from '../../src/detection/holidays.ts';
import { replaySeries } from '../../src/detection/replay.ts';
import { addDays, dayOf } from '../../src/time.ts';

/** Daily series of one topic (or a set of topics) over all markets, from the demo data set. */
let demo: Array<{ day: string; topic: string }> | undefined;

function demoSeries(topics: string[]): Series {
  demo ??= [...generateDemoInquiries({ lastDay: '2026-11-22', timeZone: 'Europe/Oslo' })].map((inquiry) => ({
    day: dayOf(new Date(inquiry.receivedAt), 'Europe/Oslo'),
    topic: inquiry.topic,
  }));
  const counts = new Map<string, number>();
  const totals = new Map<string, number>();
  for (const { day, topic } of demo) {
    const inquiry = { topic };
    totals.set(day, (totals.get(day) ?? 0) + 1);
    if (topics.includes(inquiry.topic)) counts.set(day, (counts.get(day) ?? 0) + 1);
  }
  const days: string[] = [];
  for (let day = '2025-09-01'; day <= '2026-11-22'; day = addDays(day, 1)) days.push(day);
  return { days, counts: days.map((d) => counts.get(d) ?? 0), totals: days.map((d) => totals.get(d) ?? 0) };
}

describe('detector on the demo stories', function () {
  this.timeout(60_000);
  const holidays = publicHolidays('NO', [2025, 2026]);

  it('raises the SMS-payment rise in October before its peak, and is quiet in September', () => {
    const series = demoSeries(['sms-payment']);
    const days = replaySeries(series, holidays, { fromIndex: series.days.indexOf('2026-09-01') });
    const raised = days.filter((d) => d.findings.some((f) => f.kind !== 'share')).map((d) => d.day);
    assert.deepEqual(raised.filter((d) => d < '2026-10-01'), [], 'no alarm in an ordinary September');
    assert.ok(raised[0]! < '2026-11-01', `first raised ${raised[0]}, before the 1 November peak`);
  });

  it("flags image upload's abnormal share of all inquiries in November 2025", () => {
    const series = demoSeries(['image-upload']);
    const days = replaySeries(series, holidays, { fromIndex: series.days.indexOf('2025-10-15') });
    const november = days.filter((d) => d.day >= '2025-11-01' && d.day <= '2025-11-30');
    const share = november.flatMap((d) => d.findings).filter((f) => f.kind === 'share');
    assert.ok(share.length > 0, 'share anomaly raised');
    assert.ok(share.every((f) => f.observed > 0.25));
    const january = days.filter((d) => d.day >= '2026-01-15' && d.day <= '2026-02-28');
    assert.deepEqual(january.flatMap((d) => d.findings).filter((f) => f.kind === 'share'), [], 'quiet once fixed');
  });

  it('stays quiet through the Easter, May and Christmas holidays, topic by topic', () => {
    // Holidays are judged against holiday and weekend levels: the quiet days must not look like a
    // drop that makes the next weekday a rise, nor a holiday at Sunday level look like anything.
    const topics = ['ad-editing', 'login', 'ad-publishing', 'messaging', 'card-payment', 'search', 'invoice', 'fraud', 'profile'];
    const windows = [['2025-12-20', '2026-01-06'], ['2026-03-30', '2026-04-12'], ['2026-04-30', '2026-05-27']] as const;
    for (const topic of topics) {
      const series = demoSeries([topic]);
      assert.ok(series.counts.reduce((a, b) => a + b, 0) > 1000, `${topic} is a busy demo topic`);
      const days = replaySeries(series, holidays, { fromIndex: series.days.indexOf('2025-12-01') });
      const raised = days.filter((d) => d.findings.some((f) => f.kind === 'spike' || f.kind === 'level_shift'));
      const inHolidays = raised.filter((d) => windows.some(([from, to]) => d.day >= from && d.day <= to)).map((d) => d.day);
      assert.deepEqual(inHolidays, [], `${topic}: nothing raised around the holidays`);
    }
  });
});
