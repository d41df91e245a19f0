import assert from 'node:assert/strict';
import type { CaseStatus } from '../../src/cases/schemas.ts';
import { createTestApp, seedTaxonomy, type TestApp } from '../support/app.ts';
import { assertAccessible } from './a11y.ts';
import { addPerson, browser, csrfOf, html, signIn, type Browser } from './support.ts';

const PATH: Partial<Record<CaseStatus, CaseStatus[]>> = {
  new: [],
  refining: ['refining'],
  in_progress: ['refining', 'ready', 'in_progress'],
  resolved: ['refining', 'ready', 'in_progress', 'fix_shipped', 'verifying', 'resolved'],
  dropped: ['dropped'],
};

interface ApiTriage {
  total: number;
  outcomes: Record<string, number>;
  byDecision: Array<{ decision: string; counts: Record<string, number> }>;
  cases: Array<{ id: number; key: string; outcome: string; decision: string | null; version: number }>;
}

describe('triage page', function () {
  this.timeout(120_000);
  let t: TestApp;
  let analyst: Browser;
  let leader: Browser;
  const ids: Record<string, number> = {};

  async function caseIn(name: string, status: CaseStatus, decision: string | null, market: string, ownerId: number) {
    const api = t.as('analyst');
    const { body } = await api
      .post('/api/v1/cases')
      .send({
        title: `${name} <b>case</b>`,
        topics: ['login'],
        markets: [market],
        decision,
        currentState: 'Login loops.',
        rootCauses: [{ text: 'Cookie lost', category: 'technical' }],
        desiredState: 'No loops.',
        target: { metric: 'ratePerDay', max: 2 },
        ownerId,
      })
      .expect(201);
    await api.post(`/api/v1/cases/${body.id}/actions`).send({ title: 'Fix the cookie' }).expect(201);
    for (const next of PATH[status]!) await api.post(`/api/v1/cases/${body.id}/status`).send({ status: next, reason: 'duplicate' }).expect(200);
    ids[name] = body.id;
  }

  before(async () => {
    t = await createTestApp();
    await seedTaxonomy(t);
    const uxId = await addPerson(t, { email: 'ux@example.com', name: 'Una Analyst', role: 'analyst' });
    await addPerson(t, { email: 'lise@example.com', role: 'leader' });
    await caseIn('a', 'new', 'now', 'torget', uxId);
    await caseIn('b', 'refining', 'later', 'torget', uxId);
    await caseIn('c', 'in_progress', 'discuss', 'bil', uxId);
    await caseIn('d', 'resolved', null, 'bil', uxId);
    await caseIn('e', 'new', null, 'torget', uxId);
    await caseIn('f', 'dropped', 'now', 'torget', uxId);
    analyst = await signIn(t, 'ux@example.com');
    leader = await signIn(t, 'lise@example.com');
  });
  after(() => t.close());

  const api = async (query = ''): Promise<ApiTriage> => (await t.as('leader').get(`/api/v1/cases/triage${query}`).expect(200)).body;

  function assertSameAsApi(page: string, report: ApiTriage) {
    const $ = html(page);
    for (const row of report.byDecision) {
      for (const [outcome, count] of Object.entries(row.counts)) {
        assert.equal(Number($(`tr[data-decision="${row.decision}"] td[data-outcome="${outcome}"]`).text()), count, `${row.decision} × ${outcome}`);
      }
    }
    for (const [outcome, count] of Object.entries(report.outcomes)) {
      assert.equal(Number($(`tr[data-decision="all"] td[data-outcome="${outcome}"]`).text()), count, `all × ${outcome}`);
      const linked = $(`section[data-outcome="${outcome}"] tbody th a`).map((_, a) => $(a).attr('href')).get();
      const expected = report.cases.filter((c) => c.outcome === outcome).map((c) => `/cases/${c.id}`);
      assert.deepEqual(linked, expected, `cases under ${outcome}`);
    }
    assert.equal(Number($('tr[data-decision="all"] td[data-outcome="total"]').text()), report.total);
  }

  it('shows Gome\'s sentence, the decision × outcome table and the cases under each outcome, as the API counts them', async () => {
    const res = await leader.get('/cases/triage').expect(200);
    const report = await api();
    assert.deepEqual(report.outcomes, { solved: 1, being_improved: 2, scheduled_later: 1, to_discuss: 1, dropped: 1 });
    const $ = html(res.text);
    assert.equal($('#triage-sentence').text().trim(), '5 cases: 1 solved, 2 being improved, 1 scheduled later, 1 to discuss. 1 dropped case (closed without a fix) is not counted among them.');
    assertSameAsApi(res.text, report);
    assert.match($(`#case-${ids.a} th`).text(), /PP-\d+ a <b>case<\/b>/, 'titles are text, never markup');
    assert.equal($('form.triage-decide').length, 0, 'leaders read the triage; they do not decide');
    assertAccessible(res.text, 'triage page (leader)');

    const bil = await leader.get('/cases/triage?market=bil').expect(200);
    assertSameAsApi(bil.text, await api('?market=bil'));
    assert.match(html(bil.text)('#triage-sentence').text(), /^2 cases: 1 solved, 1 being improved, 0 scheduled later, 0 to discuss\.$/);
  });

  it('keeps a bad filter date next to its field and shows every case meanwhile', async () => {
    const res = await leader.get('/cases/triage?from=31.10.2026&to=2026-11-30').expect(200);
    const $ = html(res.text);
    assert.equal($('#from-error').text(), 'Enter a date as YYYY-MM-DD.');
    assert.equal($('#from').val(), '31.10.2026');
    assert.equal($('#from').attr('aria-invalid'), 'true');
    assertSameAsApi(res.text, await api('?to=2026-11-30'));
    const backwards = html((await leader.get('/cases/triage?from=2026-11-30&to=2026-11-01').expect(200)).text);
    assert.equal(backwards('#to-error').text(), 'The end is before the start.');
    assertAccessible(res.text, 'triage page with a filter error');
  });

  it('reads in Bokmål', async () => {
    const $ = html((await leader.get('/cases/triage?lang=nb').expect(200)).text);
    assert.equal($('html').attr('lang'), 'nb');
    assert.equal($('h1').text(), 'Prioritering');
    assert.match($('#triage-sentence').text(), /^5 saker: 1 løst, 2 under forbedring, 1 planlagt senere, 1 til diskusjon\. 1 henlagt sak \(lukket uten løsning\) er ikke talt med\.$/);
    assert.equal($('tr[data-decision="none"] th').text(), 'Ikke besluttet');
    assert.equal($('#outcome-being_improved').text().replace(/\s+/g, ' ').trim(), 'Under forbedring (2)');
    await leader.get('/cases/triage?lang=en').expect(200);
  });

  it('lets an analyst set a decision, which moves the case to its new outcome', async () => {
    const page = await analyst.get('/cases/triage').expect(200);
    assertAccessible(page.text, 'triage page (analyst)');
    const version = html(page.text)(`#case-${ids.e} input[name="version"]`).val() as string;
    const res = await analyst.post(`/cases/triage/${ids.e}/decision`).type('form').send({ _csrf: csrfOf(page.text), decision: 'later', version }).expect(303);
    assert.equal(res.headers.location, `/cases/triage#case-${ids.e}`);
    const after = await analyst.get('/cases/triage').expect(200);
    const $ = html(after.text);
    assert.match($('.flash-success').text(), /^PP-\d+: the decision is now “Later”\.$/);
    const report = await api();
    assert.equal(report.cases.find((c) => c.id === ids.e)!.outcome, 'scheduled_later');
    assert.equal($(`section[data-outcome="scheduled_later"] #case-${ids.e}`).length, 1);
    assert.equal($(`#decision-${ids.e} option[selected]`).val(), 'later');
    assertSameAsApi(after.text, report);
    const history = (await t.as('analyst').get(`/api/v1/cases/${ids.e}/history`).expect(200)).body.history;
    assert.deepEqual(history.at(-1), { ...history.at(-1), actor: 'Una Analyst', field: 'decision', before: null, after: 'later' });
  });

  it('keeps the filters after a decision, and clears one with "not decided"', async () => {
    const page = await analyst.get('/cases/triage?market=torget&from=2026-01-01').expect(200);
    const form = html(page.text)(`#case-${ids.b} form`);
    assert.equal(form.attr('action'), `/cases/triage/${ids.b}/decision?from=2026-01-01&market=torget`);
    const version = form.find('input[name="version"]').val() as string;
    const res = await analyst.post(form.attr('action')!).type('form').send({ _csrf: csrfOf(page.text), decision: 'none', version }).expect(303);
    assert.equal(res.headers.location, `/cases/triage?from=2026-01-01&market=torget#case-${ids.b}`);
    assert.equal((await api()).cases.find((c) => c.id === ids.b)!.decision, null);
  });

  it('refuses a stale version with a clear message and saves nothing', async () => {
    const page = await analyst.get('/cases/triage').expect(200);
    const version = html(page.text)(`#case-${ids.a} input[name="version"]`).val() as string;
    // Someone else changes the case after the page was loaded.
    await t.as('analyst').patch(`/api/v1/cases/${ids.a}`).set('If-Match', `"${version}"`).send({ decision: 'discuss' }).expect(200);
    await analyst.post(`/cases/triage/${ids.a}/decision`).type('form').send({ _csrf: csrfOf(page.text), decision: 'later', version }).expect(303);
    const $ = html((await analyst.get('/cases/triage').expect(200)).text);
    assert.match($('.flash-error').text(), /^PP-\d+ was changed by someone else after you opened this page, so nothing was saved\. Its decision is now “Discuss”/);
    assert.equal((await api()).cases.find((c) => c.id === ids.a)!.decision, 'discuss');
  });

  it('shows a bad decision or a missing version next to the field, keeping the choice', async () => {
    const page = await analyst.get('/cases/triage').expect(200);
    const csrf = csrfOf(page.text);
    const bad = await analyst.post(`/cases/triage/${ids.c}/decision`).type('form').send({ _csrf: csrf, decision: 'tomorrow', version: '1' }).expect(400);
    let $ = html(bad.text);
    assert.equal($(`#decision-${ids.c}-error`).text(), 'Choose now, later, discuss or not decided.');
    assert.equal($(`#decision-${ids.c}`).attr('aria-invalid'), 'true');
    assertAccessible(bad.text, 'triage page with a decision error');
    const noVersion = await analyst.post(`/cases/triage/${ids.c}/decision`).type('form').send({ _csrf: csrf, decision: 'later' }).expect(400);
    $ = html(noVersion.text);
    assert.equal($(`#decision-${ids.c}-error`).text(), 'The form was incomplete. Reload the page and try again.');
    assert.equal($(`#decision-${ids.c} option[selected]`).val(), 'later', 'the choice is kept');
    assert.equal((await api()).cases.find((c) => c.id === ids.c)!.decision, 'discuss');
    await analyst.post('/cases/triage/PP-999999/decision').type('form').send({ _csrf: csrf, decision: 'now', version: '1' }).expect(404);
    await analyst.post('/cases/triage/nonsense/decision').type('form').send({ _csrf: csrf, decision: 'now', version: '1' }).expect(400);
  });

  it('refuses a decision from a role that may not edit cases, and a form without its CSRF token', async () => {
    const before = await api();
    const page = await leader.get('/cases/triage').expect(200);
    const version = String(before.cases.find((c) => c.id === ids.d)!.version);
    const refused = await leader.post(`/cases/triage/${ids.d}/decision`).type('form').send({ _csrf: csrfOf(page.text), decision: 'now', version }).expect(403);
    assert.equal(html(refused.text)('h1').text(), 'You do not have access to this page');
    const forged = await analyst.post(`/cases/triage/${ids.d}/decision`).type('form').send({ decision: 'now', version }).expect(403);
    assert.match(html(forged.text)('main').text(), /The form had expired or did not come from this site/);
    assert.equal((await api()).cases.find((c) => c.id === ids.d)!.decision, null);
  });

  it('says "All markets" and "No owner" where a case names neither, rather than leaving the cells blank', async () => {
    const made = (await t.as('analyst').post('/api/v1/cases').send({ title: 'Everywhere, nobody yet', topics: ['login'] }).expect(201)).body;
    const $ = html((await leader.get('/cases/triage').expect(200)).text);
    const cells = $(`tr:has(a[href="/cases/${made.id}"]) td`).map((_, td) => $(td).text().trim()).get();
    assert.ok(cells.includes('All markets') && cells.includes('No owner'), cells.join(' | '));
  });

  it('sends the signed-out to sign in', async () => {
    const res = await browser(t).get('/cases/triage').set('Accept', 'text/html').expect(303);
    assert.equal(res.headers.location, `/sign-in?next=${encodeURIComponent('/cases/triage')}`);
  });
});
