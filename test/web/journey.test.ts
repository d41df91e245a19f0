import assert from 'node:assert/strict';
import { createTestApp, seedTaxonomy, type TestApp } from '../support/app.ts';
import { assertAccessible } from './a11y.ts';
import { addPerson, browser, html, signIn, type Browser } from './support.ts';

type Row = Record<string, unknown>;
const times = (n: number, row: Row): Row[] => Array.from({ length: n }, () => ({ ...row }));
const NOV = '2026-11-12T10:00:00+01:00';
const OCT = '2026-10-20T10:00:00+02:00';

async function insertSpike(t: TestApp, input: { topic: string; market: string | null; status: string; firstDay: string; lastDay: string }): Promise<number> {
  const result = await t.db.pool.query<{ id: number }>(
    `INSERT INTO spikes (topic_id, market_id, kind, status, first_day, peak_day, peak_value, last_day, expected, score)
     SELECT t.id, m.id, 'level_shift', $3, $4, $4, 24, $5, 4, 6 FROM topics t LEFT JOIN markets m ON m.key = $2 WHERE t.key = $1
     RETURNING id`,
    [input.topic, input.market, input.status, input.firstDay, input.lastDay],
  );
  return result.rows[0]!.id;
}

/** Payment sits in agreement (a moment of truth) at checkout, image upload in use; login has no place. */
async function seedJourney(t: TestApp) {
  const analyst = t.as('analyst');
  await analyst.patch('/api/v1/journey/phases/agreement').send({ momentOfTruth: true }).expect(200);
  await analyst.post('/api/v1/journey/phases/agreement/touch-points').send({ key: 'checkout', name: 'Checkout' }).expect(201);
  await analyst.patch('/api/v1/journey/topics/payment').send({ phase: 'agreement', touchPoint: 'checkout' }).expect(200);
  await analyst.patch('/api/v1/journey/topics/image-upload').send({ phase: 'use' }).expect(200);
  const inquiries = (n: number, topic: string, market: string, receivedAt: string) => times(n, { receivedAt, topic, market });
  await t
    .as('agent')
    .post('/api/v1/inquiries')
    .send({ inquiries: [...inquiries(30, 'sms-payment', 'torget', NOV), ...inquiries(20, 'image-upload', 'torget', NOV), ...inquiries(40, 'login', 'bil', NOV), ...inquiries(10, 'sms-payment', 'torget', OCT)] })
    .expect(201);
  const answers = (n: number, score: number, topic: string) => times(n, { answeredAt: NOV, metric: 'nps', score, topic, market: 'torget' });
  const ces = (n: number, score: number) => times(n, { answeredAt: NOV, metric: 'ces', scale: '1-5', score, topic: 'image-upload', market: 'torget' });
  await t
    .as('ingest')
    .post('/api/v1/responses')
    .send({ responses: [...answers(20, 10, 'sms-payment'), ...answers(20, 2, 'sms-payment'), ...answers(30, 9, 'image-upload'), ...answers(5, 9, 'login'), ...ces(20, 4), ...ces(15, 2)] })
    .expect(201);
  const spike = await insertSpike(t, { topic: 'sms-payment', market: 'torget', status: 'open', firstDay: '2026-11-10', lastDay: '2026-11-14' });
  const loginSpike = await insertSpike(t, { topic: 'login', market: null, status: 'acknowledged', firstDay: '2026-11-20', lastDay: '2026-11-22' });
  const both = await analyst.post('/api/v1/cases').send({ title: 'Payments & images', topics: ['sms-payment', 'image-upload'], markets: ['torget'] }).expect(201);
  return { spike, loginSpike, caseId: both.body.id as number };
}

interface ApiStop {
  key?: string;
  inquiries: { count: number; share: number; change: number | null };
  openSpikes: Array<{ id: number }>;
  openCases: Array<{ id: number }>;
  experience: { current: { nps: { n: number; insufficient: boolean; nps?: number; needed?: number } } };
}

describe('journey page', function () {
  this.timeout(120_000);
  let t: TestApp;
  let leader: Browser;
  let seeded: Awaited<ReturnType<typeof seedJourney>>;
  const PAGE = '/journey?period=custom&from=2026-11-01&to=2026-11-30';

  before(async () => {
    t = await createTestApp();
    await seedTaxonomy(t);
    t.setNow('2026-12-01T12:00:00Z');
    seeded = await seedJourney(t);
    await addPerson(t, { email: 'lise@example.com', role: 'leader' });
    leader = await signIn(t, 'lise@example.com');
  });
  after(() => t.close());

  const api = async (query: string) => (await t.as('leader').get(`/api/v1/journey?${query}`).expect(200)).body as { allInquiries: number; phases: ApiStop[]; unplaced: ApiStop };

  function assertRowsMatch(page: string, body: { phases: ApiStop[]; unplaced: ApiStop }) {
    const $ = html(page);
    const rows = $('table.journey-overview tbody tr');
    assert.deepEqual(rows.map((_, tr) => $(tr).attr('data-phase')).get(), [...body.phases.map((p) => p.key), 'unplaced']);
    for (const stop of [...body.phases, { ...body.unplaced, key: 'unplaced' }]) {
      const row = $(`table.journey-overview tr[data-phase="${stop.key}"]`);
      assert.equal(Number(row.find('[data-count]').attr('data-count')), stop.inquiries.count, `${stop.key} count`);
      assert.ok(Math.abs(Number(row.find('[data-share]').attr('data-share')) - stop.inquiries.share) < 1e-12, `${stop.key} share`);
      assert.equal(row.find('[data-change]').attr('data-change'), stop.inquiries.change === null ? '' : String(stop.inquiries.change), `${stop.key} change`);
      const nps = stop.experience.current.nps;
      assert.equal(row.find('[data-nps]').attr('data-nps'), nps.insufficient ? '' : String(Math.round(nps.nps! * 10) / 10), `${stop.key} NPS`);
      assert.equal(Number(row.find('[data-spikes]').attr('data-spikes')), stop.openSpikes.length, `${stop.key} spikes`);
      assert.equal(Number(row.find('[data-cases]').attr('data-cases')), stop.openCases.length, `${stop.key} cases`);
      const section = $(`section[data-phase="${stop.key}"]`);
      assert.deepEqual(section.find('.journey-spikes a').map((_, a) => $(a).attr('href')).get(), stop.openSpikes.map((s) => `/spikes/${s.id}`), `${stop.key} spike links`);
      assert.deepEqual(section.find('.journey-cases a').map((_, a) => $(a).attr('href')).get(), stop.openCases.map((c) => `/cases/${c.id}`), `${stop.key} case links`);
    }
  }

  it('shows every phase in order with the API\'s volume, share, NPS, spikes and cases, and a chart of the same counts', async () => {
    const res = await leader.get(PAGE).expect(200);
    const body = await api('from=2026-11-01&to=2026-11-30');
    assertRowsMatch(res.text, body);
    const $ = html(res.text);
    assert.equal($('#journey-summary').text(), `${body.allInquiries} inquiries from Sun, 1 Nov 2026 to Mon, 30 Nov 2026`);
    assert.equal(body.allInquiries, 90);
    const chart = $('figure.chart svg[role="img"]');
    assert.equal(chart.attr('aria-label'), 'Inquiries per journey phase from 2026-11-01 to 2026-11-30: Need arises 0, Search 0, Agreement 30, Use 20, End 0. The table below has the numbers.');
    assert.deepEqual($('tr[data-phase] .moment-of-truth').map((_, el) => $(el).closest('tr').attr('data-phase')).get(), ['agreement']);
    assert.equal($('#phase-agreement .moment-of-truth').text(), 'Moment of truth');
    assert.equal($('#pinch-inquiries').text(), 'Agreement');
    assert.equal($('#pinch-nps').text(), 'Agreement');
    assert.equal($('[data-phase="agreement"] [data-touch-point="checkout"]').text(), 'Checkout: 30 (33.3 %)');
    assert.equal($('[data-phase="agreement"] [data-topic="sms-payment"]').text(), 'SMS payment: 30 placed through Payment');
    assert.ok($(`section[data-phase="agreement"] a[href="/spikes/${seeded.spike}"]`).length);
    assert.ok($(`section[data-phase="unplaced"] a[href="/spikes/${seeded.loginSpike}"]`).length);
    assert.equal($(`section[data-phase="use"] a[href="/cases/${seeded.caseId}"]`).parent().text().replace(/\s+/g, ' ').trim(), `PP-${seeded.caseId} Payments & images New`);
    assertAccessible(res.text, 'journey page');
  });

  it('says "too few answers" where the service does, and shows NPS with its interval and CES where there are enough', async () => {
    const $ = html((await leader.get(PAGE).expect(200)).text);
    assert.match($('section[data-phase="agreement"] .journey-nps').text(), /^0 \(95 % CI −\d+(\.\d)? to \d+(\.\d)?; 40 answers\)$/);
    assert.equal($('section[data-phase="unplaced"] .journey-nps').text(), 'Too few answers (5 of at least 30)');
    assert.equal($('tr[data-phase="unplaced"] [data-nps]').text().trim(), 'too few answers');
    // 20 × 4 and 15 × 2: mean 3.143, s = 1.004, t(0.975, 34) = 2.032, so 2.798 to 3.488 (shown to one decimal).
    assert.equal($('section[data-phase="use"] .journey-ces').text(), 'mean 3.1 (95 % CI 2.8 to 3.5; 35 answers)');
    assert.equal($('section[data-phase="need"] .journey-nps').text(), 'Too few answers (0 of at least 30)');
  });

  it('narrows to a market as the API does, and keeps a bad custom date next to its field', async () => {
    assertRowsMatch((await leader.get(`${PAGE}&market=bil`).expect(200)).text, await api('from=2026-11-01&to=2026-11-30&market=bil'));
    const bad = await leader.get('/journey?period=custom&from=2026-11-31&to=2026-11-30').expect(200);
    const $ = html(bad.text);
    assert.equal($('#from-error').text(), 'Enter a date as YYYY-MM-DD.');
    assert.equal($('#from').val(), '2026-11-31');
    assertRowsMatch(bad.text, await api('from=2026-11-02&to=2026-12-01'));
    assertAccessible(bad.text, 'journey page with a bad date');
  });

  it('reads in Bokmål', async () => {
    const $ = html((await leader.get(`${PAGE}&lang=nb`).expect(200)).text);
    assert.equal($('html').attr('lang'), 'nb');
    assert.equal($('h1').text(), 'Kundereisen');
    assert.equal($('#phase-agreement .moment-of-truth').text(), 'Sannhetens øyeblikk');
    assert.equal($('section[data-phase="unplaced"] .journey-nps').text(), 'For få svar (5 av minst 30)');
    assert.match($('#journey-summary').text(), /^90 henvendelser fra /);
    await leader.get('/journey?lang=en').expect(200);
  });

  it('is for roles that read statistics; the signed-out are sent to sign in', async () => {
    const res = await browser(t).get('/journey').set('Accept', 'text/html').expect(303);
    assert.equal(res.headers.location, '/sign-in?next=%2Fjourney');
    await addPerson(t, { email: 'kari@example.com', role: 'agent' });
    await (await signIn(t, 'kari@example.com')).get('/journey').expect(200);
  });
});
