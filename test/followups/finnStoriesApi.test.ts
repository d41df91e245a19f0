import assert from 'node:assert/strict';
import { addDays } from '../../src/time.ts';
import { caseInProgress, createCaseWorld, fillTotals, insertSpike, logDaily, runFollowup, runPlannedFollowups, series, type CaseWorld, type DailyRow } from './support.ts';

const sum = (counts: number[]) => counts.reduce((total, n) => total + n, 0);

describe("follow-ups end to end: FINN's two stories through the API", () => {
  describe('SMS payment, Torget: 24 a day on 1 November, back to 3–4 a day overnight (−80 %)', () => {
    let w: CaseWorld;
    let sms: { id: number; key: string };
    // The same days as the statistics unit test (test/followups/finnStories.test.ts), now as real inquiries.
    const baseline = [4, 5, 2, 2, 4, 5, 4, 4, 4, 2, 2, 5, 4, 4, 4, 5, 2, 2, 4, 4, 4, 5, 4, 2, 2, 4, 4, 4];
    const rise = [5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 12, 12, 13, 14];
    const beforeFix = [9, 13, 14, 15, 16, 17, 11, 12, 17, 18, 19, 20, 21, 16];
    const afterFix = [4, 3, 4, 3, 4, 2, 1, 4, 3, 4, 3, 4, 2, 2];
    const later = [3, 4, 3, 4, 2, 3, 4, 3, 3, 4, 3, 2, 3, 4, 3, 3];

    before(async () => {
      w = await createCaseWorld();
      w.t.setNow('2026-12-02T12:00:00Z');
      const sms: DailyRow[] = [
        ...series('2026-09-03', 'sms-payment', 'torget', baseline),
        ...series('2026-10-01', 'sms-payment', 'torget', rise),
        ...series('2026-10-18', 'sms-payment', 'torget', beforeFix),
        { day: '2026-11-01', topic: 'sms-payment', market: 'torget', count: 24 },
        ...series('2026-11-02', 'sms-payment', 'torget', afterFix),
        ...series('2026-11-16', 'sms-payment', 'torget', later),
      ];
      // Bil has SMS trouble of its own; the case is about Torget, so none of it may count.
      const bil = series('2026-10-18', 'sms-payment', 'bil', Array(29).fill(10));
      const totals = [
        ...fillTotals(sms, { from: '2026-09-03', days: 28, total: 3590 }),
        ...fillTotals(sms, { from: '2026-10-01', days: 17, total: 17 * 140 }),
        ...fillTotals(sms, { from: '2026-10-18', days: 14, total: 1960 }),
        ...fillTotals(sms, { from: '2026-11-01', days: 1, total: 150 }),
        ...fillTotals(sms, { from: '2026-11-02', days: 14, total: 1750 }),
        ...fillTotals(sms, { from: '2026-11-16', days: 16, total: 16 * 125 }),
      ];
      await logDaily(w.t, [...sms, ...bil, ...totals]);
    });
    after(() => w.t.close());

    it('opens the case from the October spike, ships the fix on 1 November and plans three follow-ups', async () => {
      const spikeId = await insertSpike(w.t, { topic: 'sms-payment', market: 'torget', day: '2026-10-01', peak: 24, expected: 3.6 });
      sms = await caseInProgress(w, { spikeId, target: { metric: 'ratePerDay', max: 5 } });
      const shipped = await w.ux.as.post(`/api/v1/cases/${sms.key}/fix-shipped`).send({ shippedAt: '2026-11-01T23:15:00+01:00' }).expect(200);
      assert.equal(shipped.body.fixDay, '2026-11-01');
      assert.deepEqual(shipped.body.followups.map((f: { asOf: string }) => f.asOf), ['2026-11-08', '2026-11-15', '2026-12-01']);
    });

    it('after the first follow-up: a clear fall, stored, and the case verifying', async () => {
      assert.equal(await runFollowup(w.t, { caseId: sms.id, offsetDays: 7, asOfDay: '2026-11-08' }), 'done');
      const { body } = await w.t.as('leader').get(`/api/v1/cases/${sms.key}/measurements`).expect(200);
      assert.equal(body.measurements.length, 1);
      const [first] = body.measurements;
      assert.deepEqual([first.kind, first.offsetDays, first.asOf, first.verdict, first.caseStatus], ['scheduled', 7, '2026-11-08', 'improved', 'verifying']);
      assert.deepEqual(first.windows.after, { from: '2026-11-02', to: '2026-11-08', days: 7 });
      // Every inquiry up to 1 December is already logged: a job measures as of its own day, never later.
      assert.equal(first.counts.after.count, sum(afterFix.slice(0, 7)));
      assert.equal(first.counts.before.count, sum(beforeFix));
      assert.equal((await w.t.as('leader').get(`/api/v1/cases/${sms.key}`).expect(200)).body.status, 'verifying');
    });

    it('after two weeks: the sentence a leader reads, exactly as the statistics promise', async () => {
      assert.equal(await runFollowup(w.t, { caseId: sms.id, offsetDays: 14, asOfDay: '2026-11-15' }), 'done');
      const { body } = await w.t.as('leader').get(`/api/v1/cases/${sms.key}/measurements`).expect(200);
      const second = body.measurements[1];
      assert.deepEqual(second.counts, {
        before: { count: 218, total: 1960, days: 14 },
        after: { count: 43, total: 1750, days: 14 },
        baseline: { count: 101, total: 3590, days: 28 },
      });
      assert.ok(Math.abs(second.figures.rate.change - -0.8) < 0.01);
      assert.ok(second.figures.rate.pValue < 0.001);
      assert.equal(
        second.sentence.en,
        'SMS payment, Torget: 15.6 → 3.1 a day (−80 %, 95 % CI −86 % to −73 %), back to the level before the problem; target of at most 5.0 a day met.',
      );
      assert.equal(
        second.sentence.nb,
        'SMS payment, Torget: 15,6 → 3,1 per dag (−80 %, 95 % KI −86 % til −73 %), tilbake på nivået fra før problemet; målet om høyst 5,0 per dag er nådd.',
      );
      assert.equal(second.caseStatus, 'verifying');
    });

    it('after the last follow-up: resolved by "follow-up", with the reason, a comment per follow-up and an e-mail to the owner', async () => {
      assert.equal(await runFollowup(w.t, { caseId: sms.id, offsetDays: 30, asOfDay: '2026-12-01' }), 'done');
      const current = await w.t.as('leader').get(`/api/v1/cases/${sms.key}`).expect(200);
      assert.equal(current.body.status, 'resolved');
      const { body } = await w.t.as('leader').get(`/api/v1/cases/${sms.key}/history`).expect(200);
      const byFollowup = body.history.filter((h: { actor: string }) => h.actor === 'follow-up');
      assert.deepEqual(
        byFollowup.filter((h: { field: string }) => h.field === 'status').map((h: { before: string; after: string }) => [h.before, h.after]),
        [['fix_shipped', 'verifying'], ['verifying', 'resolved']],
      );
      const reason = byFollowup.find((h: { field: string }) => h.field === 'statusReason');
      assert.match(reason.after, /^The 30-day follow-up confirmed the fix: SMS payment, Torget: 15\.6 → 3\.1 a day/);
      const comments = (await w.t.as('leader').get(`/api/v1/cases/${sms.key}/comments`).expect(200)).body.comments;
      assert.deepEqual(
        comments.map((c: { author: string; body: string }) => [c.author, c.body.split(': SMS payment, Torget: ')[0]]),
        [
          ['follow-up', 'Follow-up 7 days after the fix (as of 2026-11-08)'],
          ['follow-up', 'Follow-up 14 days after the fix (as of 2026-11-15)'],
          ['follow-up', 'Follow-up 30 days after the fix (as of 2026-12-01)'],
        ],
      );
      const mails = await w.t.db.pool.query(
        `SELECT address, kind, to_char(day, 'YYYY-MM-DD') AS day, subject, body FROM notification_deliveries WHERE case_id = $1 ORDER BY id`,
        [sms.id],
      );
      assert.deepEqual(mails.rows.map((m) => [m.address, m.kind, m.day]), [
        ['kari@example.no', 'case_followup', '2026-11-08'],
        ['kari@example.no', 'case_followup', '2026-11-15'],
        ['kari@example.no', 'case_followup', '2026-12-01'],
      ]);
      assert.match(mails.rows[2].subject, /^PP-1 follow-up \+30 days: improved – case resolved$/);
      assert.match(mails.rows[1].body, /15\.6 → 3\.1 a day/);
      assert.match(mails.rows[1].body, /the next follow-up measures as of 2026-12-01/);
    });

    it('runs a repeated or late job into nothing: one measurement per follow-up', async () => {
      assert.equal(await runFollowup(w.t, { caseId: sms.id, offsetDays: 14, asOfDay: '2026-11-15' }, new Date('2027-03-01T00:00:00Z')), 'skipped');
      const { body } = await w.t.as('leader').get(`/api/v1/cases/${sms.key}/measurements`).expect(200);
      assert.deepEqual(body.measurements.map((m: { offsetDays: number }) => m.offsetDays), [7, 14, 30]);
      assert.deepEqual(body.plan.followups.map((f: { measurementId: number }) => f.measurementId), body.measurements.map((m: { id: number }) => m.id));
    });

    it('measures the same day by hand with the same figures, however much was logged since', async () => {
      await logDaily(w.t, series('2026-11-20', 'sms-payment', 'torget', Array(10).fill(30)));
      const manual = await w.ux.as.post(`/api/v1/cases/${sms.key}/measurements`).send({ asOf: '2026-11-15' }).expect(201);
      const { body } = await w.t.as('leader').get(`/api/v1/cases/${sms.key}/measurements`).expect(200);
      const scheduled = body.measurements.find((m: { offsetDays: number }) => m.offsetDays === 14);
      assert.equal(manual.body.kind, 'manual');
      assert.equal(manual.body.caseStatus, null);
      assert.deepEqual(manual.body.figures, scheduled.figures);
      assert.equal(manual.body.sentence.en, scheduled.sentence.en);
      assert.equal((await w.t.as('leader').get(`/api/v1/cases/${sms.key}`).expect(200)).body.status, 'resolved', 'a manual measurement never moves the case');
    });
  });

  describe('image upload: 30 % of all inquiries in November, 4 % in January after the fix (−87 %)', () => {
    let w: CaseWorld;
    let image: { id: number; key: string };

    before(async () => {
      w = await createCaseWorld();
      w.t.setNow('2026-02-02T12:00:00Z');
      const rows: DailyRow[] = [];
      for (let day = '2025-11-01'; day <= '2026-01-31'; day = addDays(day, 1)) {
        const broken = day <= '2025-12-10';
        const total = broken ? 130 : 90;
        // January: 112 of 2,790; 19 days of 4 and 12 of 3.
        const upload = broken ? 39 : day >= '2026-01-01' && Number(day.slice(8)) > 19 ? 3 : 4;
        const others = total - upload;
        rows.push({ day, topic: 'image-upload', market: day.endsWith('5') ? 'bil' : 'torget', count: upload });
        rows.push({ day, topic: 'login', market: 'torget', count: Math.ceil(others / 2) });
        rows.push({ day, topic: 'card-payment', market: 'bil', count: Math.floor(others / 2) });
      }
      await logDaily(w.t, rows);
      image = await caseInProgress(w, { title: 'Image upload fails on large photos', topics: ['image-upload'], target: { metric: 'share', max: 0.05 } });
    });
    after(() => w.t.close());

    it('measures November against January by hand: a share change near −87 %', async () => {
      await w.ux.as.post(`/api/v1/cases/${image.key}/fix-shipped`).send({ shippedAt: '2025-12-10T15:00:00+01:00' }).expect(200);
      const res = await w.ux.as
        .post(`/api/v1/cases/${image.key}/measurements`)
        .send({ before: { from: '2025-11-01', to: '2025-11-30' }, after: { from: '2026-01-01', to: '2026-01-31' } })
        .expect(201);
      assert.deepEqual(res.body.counts.before, { count: 1170, total: 3900, days: 30 });
      assert.deepEqual(res.body.counts.after, { count: 112, total: 2790, days: 31 });
      assert.ok(Math.abs(res.body.figures.share.change - -0.87) < 0.01, `share change ${res.body.figures.share.change}`);
      assert.equal(res.body.judgement.basis, 'share');
      assert.equal(res.body.verdict, 'improved');
      assert.match(res.body.sentence.en, /^Image upload: 30 % → 4 % of all inquiries \(−87 %, 95 % CI −8\d % to −8\d %\), a clear fall; target of at most 5 % of all inquiries met\.$/);
    });

    it('follows up on its own: verifying after a week, resolved after 30 days with the target met', async () => {
      await runPlannedFollowups(w.t, image.key);
      const { body } = await w.t.as('leader').get(`/api/v1/cases/${image.key}/measurements`).expect(200);
      const scheduled = body.measurements.filter((m: { kind: string }) => m.kind === 'scheduled');
      assert.deepEqual(
        scheduled.map((m: { offsetDays: number; asOf: string; verdict: string; caseStatus: string }) => [m.offsetDays, m.asOf, m.verdict, m.caseStatus]),
        [
          [7, '2025-12-17', 'improved', 'verifying'],
          [14, '2025-12-24', 'improved', 'verifying'],
          [30, '2026-01-09', 'improved', 'resolved'],
        ],
      );
      assert.equal(scheduled[2].judgement.target.met, true);
      assert.equal((await w.t.as('leader').get(`/api/v1/cases/${image.key}`).expect(200)).body.status, 'resolved');
    });
  });
});
