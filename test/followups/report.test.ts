import assert from 'node:assert/strict';
import * as cheerio from 'cheerio';
import supertest from 'supertest';
import { caseInProgress, createCaseWorld, fillTotals, insertSpike, logDaily, runFollowup, series, type CaseWorld, type DailyRow } from './support.ts';

describe('follow-ups: the case report', () => {
  let w: CaseWorld;
  let sms: { id: number; key: string };

  before(async () => {
    w = await createCaseWorld();
    w.t.setNow('2026-11-23T12:00:00Z');
    const rows: DailyRow[] = [
      ...series('2026-09-03', 'sms-payment', 'torget', Array(28).fill(4)),
      ...series('2026-10-01', 'sms-payment', 'torget', Array.from({ length: 31 }, (_, i) => 5 + Math.floor(i / 2))),
      { day: '2026-11-01', topic: 'sms-payment', market: 'torget', count: 24 },
      ...series('2026-11-02', 'sms-payment', 'torget', Array(21).fill(3)),
    ];
    await logDaily(w.t, [...rows, ...fillTotals(rows, { from: '2026-09-03', days: 81, total: 81 * 120 })]);
    const spikeId = await insertSpike(w.t, { topic: 'sms-payment', market: 'torget', day: '2026-10-01', peak: 24, expected: 4 });
    sms = await caseInProgress(w, { spikeId, target: { metric: 'ratePerDay', max: 5 }, team: 'Payments <core>' });
    await w.ux.as.post(`/api/v1/cases/${sms.key}/fix-shipped`).send({ shippedAt: '2026-11-01T22:00:00+01:00' }).expect(200);
    await runFollowup(w.t, { caseId: sms.id, offsetDays: 7, asOfDay: '2026-11-08' });
    await runFollowup(w.t, { caseId: sms.id, offsetDays: 14, asOfDay: '2026-11-15' });
  });
  after(() => w.t.close());

  const page = (path: string) => w.t.as('leader').get(path);

  it('renders the report as HTML with the chart as inline SVG, the fix and follow-ups marked, and no scripts', async () => {
    const res = await page(`/reports/cases/${sms.key}`).expect(200).expect('Content-Type', /text\/html/);
    const $ = cheerio.load(res.text);
    assert.match($('h1').text(), /^PP-1 · SMS payment \(torget\): level shift since 2026-10-01$/);
    assert.equal($('script').length, 0);
    assert.match(res.text, /@media print/);
    const svg = $('#story figure svg');
    assert.equal(svg.length, 1, 'one server-rendered SVG chart');
    const chartText = svg.find('text').map((_, el) => $(el).text()).get();
    for (const label of ['Fix shipped', 'Problem began', '+7 d', '+14 d', 'Inquiries a day', 'Share of all inquiries (7 days)']) {
      assert.ok(chartText.includes(label), `the chart shows "${label}" (it shows ${chartText.slice(0, 30).join(' | ')})`);
    }
    assert.match($('#problem .lead').text(), /^Inquiries about SMS payment in Torget rose from 4\.0 a day in the four weeks before 1 Oct 2026 to a peak of 24 on 1 Nov 2026\. The fix shipped on 1 Nov 2026\. Latest measurement: SMS payment, Torget: /);
    assert.match($('.meta').text(), /Team: Payments <core>/, 'people’s text is escaped, not markup');
    assert.equal($('#method ol li').length, 2);
    assert.match($('#method').text(), /at most 5\.0 inquiries a day/);
    assert.match($('#method table').text(), /Ship the fix\s*Ola Utvikler/);
    assert.deepEqual(
      $('table.followups tbody tr').map((_, tr) => $(tr).find('td').map((__, td) => $(td).text()).get().join(' | ')).get(),
      ['+7 d | 8 Nov 2026 | measured', '+14 d | 15 Nov 2026 | measured', '+30 d | 1 Dec 2026 | planned'],
    );
    const rows = $('table.measurements tbody tr');
    assert.equal(rows.length, 2);
    assert.match(rows.eq(1).text(), /15 Nov 2026\s*follow-up \+14 d/);
    assert.match(rows.eq(1).find('td').eq(7).text(), /^improved$/);
  });

  it('gives the same report as JSON, and the HTML shows exactly its measurements and sentences', async () => {
    const json = (await page(`/api/v1/reports/cases/${sms.key}`).expect(200)).body;
    const $ = cheerio.load((await page(`/reports/cases/${sms.key}`).expect(200)).text);
    assert.equal(json.case.key, 'PP-1');
    assert.equal(json.fix.fixDay, '2026-11-01');
    assert.equal(json.problemStartDay, '2026-10-01');
    assert.deepEqual(json.markers.map((m: { kind: string; day: string }) => [m.kind, m.day]), [
      ['problem', '2026-10-01'],
      ['fix', '2026-11-01'],
      ['followup', '2026-11-08'],
      ['followup', '2026-11-15'],
    ]);
    // At least 90 days up to yesterday, and the four weeks before the problem began.
    assert.deepEqual([json.story.from, json.story.to], ['2026-08-25', '2026-11-22']);
    assert.equal(json.story.days.length, 90);
    const peak = json.story.days.find((d: { day: string }) => d.day === '2026-11-01');
    assert.deepEqual([peak.count, peak.total], [24, 120]);
    const week = json.story.days.filter((d: { day: string }) => d.day >= '2026-10-26' && d.day <= '2026-11-01');
    const weekShare = week.reduce((n: number, d: { count: number }) => n + d.count, 0) / week.reduce((n: number, d: { total: number }) => n + d.total, 0);
    assert.ok(Math.abs(peak.share7 - weekShare) < 1e-12, 'share7 is the share over the 7 days up to the day');
    assert.equal(json.problem, $('#problem .lead').text());
    assert.deepEqual(
      $('ul.sentences li').map((_, li) => $(li).text().replace(/^.*?\): /, '')).get(),
      json.measurements.map((m: { sentence: { en: string } }) => m.sentence.en),
    );
    assert.equal($('table.measurements tbody tr').length, json.measurements.length);
  });

  it('speaks Norwegian Bokmål with ?lang=nb, in the page and the JSON', async () => {
    const html = (await page(`/reports/cases/${sms.key}?lang=nb`).expect(200).expect('Content-Language', 'nb')).text;
    const $ = cheerio.load(html);
    assert.equal($('html').attr('lang'), 'nb');
    assert.match($('.meta').text(), /Saksrapport/);
    assert.ok($('#story svg text').map((_, el) => $(el).text()).get().includes('Retting levert'));
    assert.match($('#problem .lead').text(), /^Henvendelser om SMS payment i Torget steg fra 4,0 per dag/);
    const json = (await page(`/api/v1/reports/cases/${sms.key}?lang=nb`).expect(200)).body;
    assert.equal(json.lang, 'nb');
    assert.match($('ul.sentences').text(), /per dag \(−\d+ %, 95 % KI/);
    assert.equal(json.case.statusLabel, 'verifiseres');
  });

  it('reports a case without a fix, and refuses bad input, unknown cases and callers without a token or the role', async () => {
    const { body: fresh } = await w.ux.as.post('/api/v1/cases').send({ title: 'Login loops', topics: ['login'] }).expect(201);
    const $ = cheerio.load((await page(`/reports/cases/${fresh.key}`).expect(200)).text);
    assert.match($('#fix').text(), /No fix has shipped yet\./);
    assert.match($('#measurements').text(), /No measurements yet\./);
    assert.equal($('#story svg').length, 1);

    assert.match((await page(`/reports/cases/${sms.key}?lang=de`).expect(400)).body.error.message, /lang: must be en or nb/);
    assert.match((await page(`/api/v1/reports/cases/${sms.key}?lang=fr`).expect(400)).body.error.message, /lang/);
    await page('/reports/cases/PP-404').expect(404);
    await page('/api/v1/reports/cases/PP-404').expect(404);
    await page('/reports/cases/abc').expect(400);
    await supertest(w.t.app).get(`/reports/cases/${sms.key}`).expect(401);
    await supertest(w.t.app).get(`/reports/cases/${sms.key}`).set('Authorization', 'Bearer pp_not_a_token').expect(401);
    await w.t.as('ingest').get(`/reports/cases/${sms.key}`).expect(403);
    await w.t.as('ingest').get(`/api/v1/reports/cases/${sms.key}`).expect(403);
    await w.t.as('agent').get(`/reports/cases/${sms.key}`).expect(200);
  });
});
