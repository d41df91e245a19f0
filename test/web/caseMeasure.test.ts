import assert from 'node:assert/strict';
import { createTestApp, seedTaxonomy, type TestApp } from '../support/app.ts';
import { refined } from '../cases/support.ts';
import { logDaily, series } from '../followups/support.ts';
import { assertAccessible } from './a11y.ts';
import { csrfOf, html, signInCast, type Browser } from './support.ts';

interface ApiMeasurement {
  id: number;
  kind: string;
  asOf: string;
  verdict: string;
  counts: { before: { count: number; days: number }; after: { count: number; days: number } };
  sentence: { en: string; nb: string };
}

describe('case page: measure now', function () {
  this.timeout(120_000);
  let t: TestApp;
  let ux: Browser;
  let kari: Browser;
  let leader: Browser;
  let caseId: number;

  before(async () => {
    t = await createTestApp();
    t.setNow('2026-11-23T10:00:00Z');
    await seedTaxonomy(t);
    const cast = await signInCast(t);
    ({ ux, kari, leader } = cast);
    const { uxId } = cast;
    // SMS payment: 10 a day for four weeks before the fix on 8 November, 2 a day after it, beside 20 logins a day.
    await logDaily(t, [
      ...series('2026-10-11', 'sms-payment', 'torget', Array(28).fill(10)),
      ...series('2026-11-09', 'sms-payment', 'torget', Array(14).fill(2)),
      ...series('2026-10-11', 'login', 'torget', Array(43).fill(20)),
    ]);
    const analyst = t.as('analyst');
    const created = await analyst.post('/api/v1/cases').send({ ...refined(uxId), title: 'SMS payment codes do not arrive', topics: ['sms-payment'], markets: ['torget'] }).expect(201);
    caseId = created.body.id;
    await analyst.post(`/api/v1/cases/${caseId}/actions`).send({ title: 'Switch SMS gateway', ownerId: uxId }).expect(201);
    for (const status of ['refining', 'ready', 'in_progress']) await analyst.post(`/api/v1/cases/${caseId}/status`).send({ status }).expect(200);
  });
  after(() => t.close());

  const apiCase = async () => (await t.as('leader').get(`/api/v1/cases/${caseId}`).expect(200)).body;
  const apiMeasurements = async (): Promise<ApiMeasurement[]> => (await t.as('leader').get(`/api/v1/cases/${caseId}/measurements`).expect(200)).body.measurements;
  const page = async (client: Browser, query = '') => {
    const res = await client.get(`/cases/${caseId}${query}`).expect(200);
    return { res, $: html(res.text) };
  };
  const measure = async (client: Browser, fields: Record<string, string>, query = '') => {
    const { res } = await page(client, query);
    return client.post(`/cases/${caseId}/measurements${query}`).type('form').send({ _csrf: csrfOf(res.text), ...fields });
  };

  it('offers no measuring before the fix has shipped', async () => {
    const { $ } = await page(ux);
    assert.equal($('#measure-heading').length, 0);
    const early = await measure(ux, { asOf: '2026-11-22', windowDays: '' });
    assert.equal(early.status, 400);
    assert.match(html(early.text)('#measure-form-error').text(), /has no fix shipped yet/);
    assert.deepEqual(await apiMeasurements(), []);
  });

  it('measures by hand as of yesterday by default, says the verdict, lists it as the API does, and leaves the case where it was', async () => {
    await t.as('analyst').post(`/api/v1/cases/${caseId}/fix-shipped`).send({ shippedAt: '2026-11-08T12:00:00+01:00' }).expect(200);
    const before = await apiCase();
    const historyBefore = (await t.as('leader').get(`/api/v1/cases/${caseId}/history`).expect(200)).body.history.length;
    const { res, $ } = await page(ux);
    assert.equal($('#measure-heading').text(), 'Measure now');
    assert.equal($('#measure-asOf').val(), '2026-11-22', "yesterday in Oslo, from the app's clock: today is not over");
    assert.equal($('#measure-asOf').attr('max'), '2026-11-22');
    assert.equal($('#measure-asOf').attr('min'), '2026-11-09');
    assert.equal($('#measure-windowDays').val(), '');
    assert.equal($('form[action$="/measurements"] input[name="version"]').length, 0, 'measuring changes nothing on the case, so it needs no version');
    assertAccessible(res.text, 'case page with the measure form');

    const sent = await measure(ux, { asOf: $('#measure-asOf').val() as string, windowDays: '' });
    assert.equal(sent.status, 303);
    assert.equal(sent.headers.location, `/cases/${caseId}#measurements-heading`);
    const [measured] = await apiMeasurements();
    assert.equal(measured!.kind, 'manual');
    assert.equal(measured!.asOf, '2026-11-22');
    assert.equal(measured!.verdict, 'improved');
    const after = (await page(ux)).$;
    assert.equal(after('.flash-success').text(), `Measured: ${measured!.sentence.en}`);
    const item = after(`#measurement-${measured!.id}`);
    assert.equal(item.find('.sentence').text(), measured!.sentence.en);
    assert.equal(item.find('time').attr('datetime'), measured!.asOf);
    assert.equal(item.find('.tag').text(), 'Improved');
    const { before: b, after: a } = measured!.counts;
    assert.equal(item.find('.measurement-counts').text(), `Before: ${b.count} inquiries in ${b.days} days. After: ${a.count} in ${a.days} days.`);
    assert.deepEqual([b.count, b.days, a.count, a.days], [140, 14, 28, 14]);

    const now = await apiCase();
    assert.deepEqual([now.status, now.version], [before.status, before.version], 'a measurement by hand never moves the case');
    assert.equal((await t.as('leader').get(`/api/v1/cases/${caseId}/history`).expect(200)).body.history.length, historyBefore);
  });

  it('takes a window length and another day, with the figures the API lists', async () => {
    await measure(ux, { asOf: '2026-11-15', windowDays: '7' }).then((r) => assert.equal(r.status, 303));
    const measured = (await apiMeasurements()).find((m) => m.asOf === '2026-11-15')!;
    assert.deepEqual([measured.counts.before.days, measured.counts.after.days, measured.counts.before.count, measured.counts.after.count], [7, 7, 70, 14]);
    const { $ } = await page(leader);
    assert.equal($(`#measurement-${measured.id} .measurement-counts`).text(), 'Before: 70 inquiries in 7 days. After: 14 in 7 days.');
    assert.equal($('ul.measurements li').length, (await apiMeasurements()).length);
    assert.equal($('#measure-heading').length, 0, 'leaders read measurements but take none');
  });

  it('refuses what the API refuses, next to the field, with the same words, and keeps what was typed', async () => {
    const count = (await apiMeasurements()).length;
    const cases: Array<{ fields: { asOf: string; windowDays: string }; field: 'asOf' | 'windowDays'; api: Record<string, unknown>; status: number }> = [
      { fields: { asOf: '22.11.2026', windowDays: '' }, field: 'asOf', api: { asOf: '22.11.2026' }, status: 400 },
      { fields: { asOf: '2026-11-05', windowDays: '' }, field: 'asOf', api: { asOf: '2026-11-05' }, status: 422 },
      { fields: { asOf: '2026-11-08', windowDays: '' }, field: 'asOf', api: { asOf: '2026-11-08' }, status: 422 },
      { fields: { asOf: '2026-11-23', windowDays: '' }, field: 'asOf', api: { asOf: '2026-11-23' }, status: 422 },
      { fields: { asOf: '2027-01-10', windowDays: '' }, field: 'asOf', api: { asOf: '2027-01-10' }, status: 422 },
      { fields: { asOf: '2026-11-22', windowDays: '3' }, field: 'windowDays', api: { asOf: '2026-11-22', windowDays: 3 }, status: 400 },
      { fields: { asOf: '2026-11-22', windowDays: '400' }, field: 'windowDays', api: { asOf: '2026-11-22', windowDays: 400 }, status: 400 },
      { fields: { asOf: '2026-11-22', windowDays: '10.5' }, field: 'windowDays', api: { asOf: '2026-11-22', windowDays: 10.5 }, status: 400 },
      { fields: { asOf: '2026-11-22', windowDays: 'two weeks' }, field: 'windowDays', api: { asOf: '2026-11-22', windowDays: 'two weeks' }, status: 400 },
    ];
    for (const c of cases) {
      const res = await measure(ux, c.fields);
      assert.equal(res.status, 400, JSON.stringify(c.fields));
      const $ = html(res.text);
      const shown = $(`#measure-${c.field}-error`).text();
      assert.ok(shown, `an error next to ${c.field} for ${JSON.stringify(c.fields)}`);
      assert.equal($(`#measure-${c.field}`).attr('aria-invalid'), 'true');
      assert.equal($('#measure-asOf').val(), c.fields.asOf, 'the day typed is kept');
      assert.equal($('#measure-windowDays').val(), c.fields.windowDays, 'the window typed is kept');
      const api = await t.as('analyst').post(`/api/v1/cases/${caseId}/measurements`).send(c.api).expect(c.status);
      const refusal = c.status === 400 ? api.body.error.details : [api.body.error.message];
      assert.ok(refusal.includes(c.status === 400 ? `${c.field}: ${shown}` : shown), `the API says the same: ${JSON.stringify(refusal)} vs ${shown}`);
      if (c.fields.windowDays === 'two weeks') assert.equal(shown, 'must be a number of days', 'words, not a type error');
    }
    const lastOne = await measure(ux, { asOf: '2026-11-23', windowDays: '' });
    assert.match(html(lastOne.text)('#measure-asOf-error').text(), /not over yet; the latest day that can be measured is 2026-11-22/);
    assertAccessible(lastOne.text, 'case page with a measure error');
    assert.equal((await apiMeasurements()).length, count, 'nothing was stored');
  });

  it('refuses agents, leaders and a form without its CSRF token', async () => {
    const count = (await apiMeasurements()).length;
    const { res } = await page(ux);
    for (const client of [kari, leader]) {
      const refused = await client.post(`/cases/${caseId}/measurements`).type('form').send({ _csrf: csrfOf((await page(client)).res.text), asOf: '2026-11-22' });
      assert.equal(refused.status, 403);
    }
    const noToken = await ux.post(`/cases/${caseId}/measurements`).type('form').send({ asOf: '2026-11-22' }).expect(403);
    assert.match(html(noToken.text)('main').text(), /form had expired/);
    const wrongToken = await ux.post(`/cases/${caseId}/measurements`).type('form').send({ _csrf: `${csrfOf(res.text)}x`, asOf: '2026-11-22' });
    assert.equal(wrongToken.status, 403);
    assert.equal((await apiMeasurements()).length, count);
  });

  it('keeps offering it while the case is verified, resolved and reopened, and never moves it', async () => {
    for (const status of ['verifying', 'resolved', 'reopened']) {
      await t.as('analyst').post(`/api/v1/cases/${caseId}/status`).send({ status }).expect(200);
      const { $ } = await page(ux);
      assert.equal($('#measure-heading').length, 1, `offered when ${status}`);
      await measure(ux, { asOf: '2026-11-21', windowDays: '14' }).then((r) => assert.equal(r.status, 303));
      assert.equal((await apiCase()).status, status);
    }
    await t.as('analyst').post(`/api/v1/cases/${caseId}/status`).send({ status: 'in_progress' }).expect(200);
    assert.equal((await page(ux)).$('#measure-heading').length, 0, 'not while the fix is being reworked');
  });

  it('reads in Bokmål and says the verdict in Bokmål', async () => {
    await t.as('analyst').post(`/api/v1/cases/${caseId}/fix-shipped`).send({ shippedAt: '2026-11-08T12:00:00+01:00' }).expect(200);
    const { res, $ } = await page(ux, '?lang=nb');
    assert.equal($('#measure-heading').text(), 'Mål nå');
    assert.equal($('label[for="measure-asOf"]').text(), 'Tell til og med');
    assert.equal($('label[for="measure-windowDays"]').text(), 'Vindu i dager (valgfritt)');
    assert.equal($('form[action$="/measurements"] button').text(), 'Mål nå');
    assertAccessible(res.text, 'case page with the measure form in Bokmål');
    await measure(ux, { asOf: '2026-11-20', windowDays: '' }, '?lang=nb').then((r) => assert.equal(r.status, 303));
    const measured = (await apiMeasurements()).find((m) => m.asOf === '2026-11-20')!;
    const after = (await page(ux, '?lang=nb')).$;
    assert.equal(after('.flash-success').text(), `Målt: ${measured.sentence.nb}`);
    assert.equal(after(`#measurement-${measured.id} .sentence`).text(), measured.sentence.nb);
    assert.match(after(`#measurement-${measured.id} .measurement-counts`).text(), /^Før: \d+ henvendelser på \d+ dager\. Etter: \d+ på \d+ dager\.$/);
  });

  it("shows the NPS of the case's topics beside the counts when customers answered surveys, and too few answers as such", async () => {
    const answers = (day: string, scores: number[], topic = 'sms-payment') =>
      scores.map((score, k) => ({ answeredAt: `${day}T10:${String(k).padStart(2, '0')}:00+01:00`, metric: 'nps', score, topic, market: 'torget' }));
    // 30 before the fix (NPS −50), 30 after (NPS +50).
    const before = [...Array(5).fill(10), ...Array(5).fill(8), ...Array(20).fill(2)];
    const after = [...Array(20).fill(10), ...Array(5).fill(8), ...Array(5).fill(2)];
    await t.as('ingest').post('/api/v1/responses').send({ responses: [...answers('2026-11-03', before), ...answers('2026-11-12', after)] }).expect(201);
    await measure(ux, { asOf: '2026-11-21', windowDays: '14' }).then((r) => assert.equal(r.status, 303));
    const measured = (await apiMeasurements()).filter((m) => m.asOf === '2026-11-21').at(-1)! as ApiMeasurement & { figures: { experience: { change: { nps: { ci: { low: number; high: number } } } } } };
    const { ci } = measured.figures.experience.change.nps;
    const pts = (x: number) => (Math.round(x) > 0 ? `+${Math.round(x)}` : Math.round(x) < 0 ? `−${-Math.round(x)}` : '0');
    // The previous test left this session in Bokmål.
    const line = (await page(ux, '?lang=en')).$(`#measurement-${measured.id} .measurement-nps`).text();
    assert.equal(line, `NPS of these topics: −50 before, +50 after (+100 points, 95 % CI ${pts(ci.low)} to ${pts(ci.high)}).`);
    // A window with fewer answers than the minimum says so rather than showing a number.
    await measure(ux, { asOf: '2026-11-21', windowDays: '7' }).then((r) => assert.equal(r.status, 303));
    const short = (await apiMeasurements()).filter((m) => m.asOf === '2026-11-21').at(-1)!;
    assert.equal((await page(ux, '?lang=en')).$(`#measurement-${short.id} .measurement-nps`).text(), 'NPS of these topics: too few answers (30 before, 0 after; at least 30 each).');
  });
});
