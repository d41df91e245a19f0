import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import supertest from 'supertest';
import { en } from '../../src/web/i18n/en.ts';
import { portfolioWorld } from '../reports/world.ts';
import { assertAccessible } from './a11y.ts';
import { addPerson, html, signIn, type Browser } from './support.ts';

const OCTOBER = 'from=2026-10-01&to=2026-10-31';

describe('web: reports for leadership', function () {
  this.timeout(180_000);
  let w: Awaited<ReturnType<typeof portfolioWorld>>;
  let leader: Browser;
  before(async () => {
    w = await portfolioWorld();
    await addPerson(w.t, { email: 'lise@example.com', name: 'Lise Leder', role: 'leader' });
    leader = await signIn(w.t, 'lise@example.com');
  });
  after(() => w.t.close());

  const page = (client: Browser, path: string) => client.get(path).set('Accept', 'text/html');
  const api = async (query: string) => (await w.t.as('leader').get(`/api/v1/reports/portfolio?${query}`).expect(200)).body;

  it('opens a case report with the session cookie, with a way back to the app, and the API token still works', async () => {
    const res = await page(leader, `/reports/cases/${w.keys.sms}`).expect(200).expect('Content-Type', /text\/html/);
    const $ = html(res.text);
    assert.match($('h1').text(), /^PP-2 · SMS payment hangs$/);
    assert.equal($('.site-header').length, 0, 'no app chrome around the report');
    assert.equal($('nav.app-bar a').first().attr('href'), `/cases/${w.keys.sms}`);
    assert.equal($('script').length, 0);
    assertAccessible(res.text, 'case report');
    // The report's style block is let through by a nonce; the chart has no inline styles to block.
    const nonce = /'nonce-([^']+)'/.exec(res.headers['content-security-policy'] ?? '')?.[1];
    assert.ok(nonce, 'the CSP names a style nonce');
    assert.equal($('style').attr('nonce'), nonce);
    assert.doesNotMatch(res.text, / style="/);
    assert.equal($('#story svg[role="img"]').attr('aria-label'), 'Inquiries a day about the case’s topics, and their share of all inquiries (7 days), with the problem’s start, the fix and the follow-ups marked.');
    // The same report as an API client gets it with a token.
    const token = html((await w.t.as('leader').get(`/reports/cases/${w.keys.sms}`).set('Accept', 'text/html').expect(200)).text);
    assert.equal(token('h1').text(), $('h1').text());
    assert.equal(token('table.measurements tbody tr').text(), $('table.measurements tbody tr').text());
    assert.equal(token('nav.app-bar').length, 0);
  });

  it('sends a signed-out browser to sign in, and keeps the API’s 401 for clients without a token', async () => {
    for (const path of [`/reports/cases/${w.keys.sms}`, `/reports/portfolio?${OCTOBER}`, '/reports']) {
      const res = await supertest(w.t.app).get(path).set('Accept', 'text/html').expect(303);
      assert.equal(res.headers.location, `/sign-in?next=${encodeURIComponent(path)}`);
    }
    await supertest(w.t.app).get(`/reports/cases/${w.keys.sms}`).expect(401);
    await w.t.as('ingest').get(`/reports/cases/${w.keys.sms}`).set('Accept', 'text/html').expect(403);
    await w.t.as('ingest').get(`/api/v1/reports/portfolio?${OCTOBER}`).expect(403);
  });

  it('shows 404 and 400 pages for unknown and malformed case ids', async () => {
    await page(leader, '/reports/cases/PP-404').expect(404);
    const bad = await page(leader, '/reports/cases/abc').expect(400);
    assert.match(html(bad.text)('main').text(), /"abc" is not a case id/);
  });

  it('lists the portfolio form and every case report on /reports', async () => {
    const res = await page(leader, '/reports').expect(200);
    assertAccessible(res.text, '/reports');
    const $ = html(res.text);
    assert.equal($('nav.site-nav a[aria-current="page"]').attr('href'), '/reports');
    assert.equal($('form.portfolio-form').attr('action'), '/reports/portfolio');
    assert.equal($('form.portfolio-form').attr('method'), 'get');
    assert.deepEqual([$('#from').val(), $('#to').val()], ['2026-07-01', '2026-09-30'], 'the last full quarter is filled in');
    assert.deepEqual($('#market option').map((_, o) => $(o).attr('value')).get(), ['', 'bil', 'torget']);
    const links = $('table.case-reports tbody a').map((_, a) => $(a).attr('href')).get().sort();
    assert.deepEqual(links, ['/reports/cases/PP-1', '/reports/cases/PP-2', '/reports/cases/PP-3', '/reports/cases/PP-4', '/reports/cases/PP-5']);
    assert.match($('main').text(), /last 90 days \(Tue, 25 Aug 2026 – Sun, 22 Nov 2026\)/);
  });

  it('renders the portfolio report without the app chrome, with the same numbers as the JSON API', async () => {
    for (const query of [OCTOBER, `${OCTOBER}&market=torget`, '']) {
      const res = await page(leader, `/reports/portfolio?${query}`).expect(200);
      assertAccessible(res.text, `/reports/portfolio?${query}`);
      const $ = html(res.text);
      const json = await api(query);
      assert.equal($('.site-header').length, 0);
      assert.equal($('nav.app-bar a').first().attr('href'), '/reports');
      assert.match(res.text, /@media print \{\s*\.app-bar, \.skip-link \{ display: none; \}/, 'the way back is not printed');
      for (const kind of ['opened', 'shipped', 'resolved', 'reopened']) {
        assert.equal(Number($(`tr[data-kind="${kind}"] [data-count]`).attr('data-count')), json.cases[kind].count, `${query} ${kind}`);
        assert.deepEqual(
          $(`tr[data-kind="${kind}"] td a`).map((_, a) => $(a).text()).get(),
          json.cases[kind].cases.map((c: { key: string }) => c.key),
        );
      }
      assert.equal(Number($('#impact .lead').attr('data-avoided')), json.impact.avoidedPerMonth);
      assert.deepEqual(
        $('table.impact tbody tr').map((_, tr) => [[$(tr).attr('data-case'), Number($(tr).find('[data-avoided]').attr('data-avoided'))]]).get(),
        json.impact.measured.map((c: { key: string; avoidedPerMonth: number }) => [c.key, c.avoidedPerMonth]),
      );
      assert.deepEqual(
        $('table.open-cases tbody tr').map((_, tr) => [[$(tr).attr('data-case'), Number($(tr).find('[data-count]').attr('data-count')), Number($(tr).find('[data-share]').attr('data-share'))]]).get(),
        json.openProblems.cases.map((c: { key: string; count: number; share: number }) => [c.key, c.count, c.share]),
      );
      assert.deepEqual(
        $('table.uncovered tbody tr').map((_, tr) => [[$(tr).attr('data-topic'), Number($(tr).find('[data-count]').attr('data-count'))]]).get(),
        json.openProblems.topicsWithoutCase.map((t: { key: string; count: number }) => [t.key, t.count]),
      );
      assert.deepEqual(
        $('table.trend tbody tr').map((_, tr) => [$(tr).find('[data-count]').map((__, td) => Number($(td).attr('data-count'))).get()]).get(),
        json.trend.weeks.map((wk: { count: number; previousCount: number }) => [wk.count, wk.previousCount]),
      );
      assert.equal(Number($('#trend .lead').attr('data-total')), json.trend.total);
      assert.equal($('#trend svg[role="img"]').length, 1, 'the trend chart is server-drawn SVG');
      // A period before that began ahead of the first logged day is flagged, not silently compared.
      assert.equal($('#trend-incomplete').length, json.trend.previousIncomplete ? 1 : 0, query);
      if (json.trend.previousIncomplete) assert.equal($('#trend-incomplete').attr('data-since'), json.trend.dataSince);
    }
  });

  it('writes the measured impact with its method and each case’s interval, and names the cases it could not count', async () => {
    const $ = html((await page(leader, `/reports/portfolio?${OCTOBER}`).expect(200)).text);
    assert.match($('#impact .lead').text(), /Inquiries avoided a month: 243\.5 \(resolved cases with a measurement: 1\)\./);
    assert.match($('#impact .method').text(), /× 30\.44 days a month/);
    const row = $('table.impact tbody tr').first();
    assert.match(row.text(), /PP-2\s*SMS payment hangs/);
    assert.match(row.find('td').eq(4).text(), /^\d+(\.\d)? … \d+(\.\d)?$/, 'an interval for the case');
    assert.match(row.find('td').eq(5).text(), /improved/);
    assert.match($('.not-measured').text(), /PP-4\s*Card payment declined/);
    assert.match($('h1').text(), /^Portfolio report$/);
    assert.match($('.meta .period').text(), /Thu, 1 Oct 2026 – Sat, 31 Oct 2026 \(31 days\)/);
    const axis = $('#trend svg text').map((_, el) => $(el).text()).get();
    assert.ok(axis.includes('2026-10-29 (3 days)'), `the short last week says so (${axis.join(' | ')})`);
  });

  it('refuses bad input with the index page, the message next to the field and the input kept', async () => {
    const upsideDown = await page(leader, '/reports/portfolio?from=2026-10-31&to=2026-10-01&market=torget').expect(400);
    assertAccessible(upsideDown.text, 'refused portfolio');
    let $ = html(upsideDown.text);
    assert.equal($('#to-error').text(), 'The end must be on or after the start.');
    assert.equal($('#to').attr('aria-invalid'), 'true');
    assert.deepEqual([$('#from').val(), $('#to').val(), $('#market').val()], ['2026-10-31', '2026-10-01', 'torget']);

    $ = html((await page(leader, '/reports/portfolio?from=2026-13-01&to=2026-10-01').expect(400)).text);
    assert.equal($('#from-error').text(), 'Enter a date, such as 2026-10-01.');
    assert.equal($('#from').val(), '2026-13-01');

    $ = html((await page(leader, `/reports/portfolio?${OCTOBER}&market=mars`).expect(400)).text);
    assert.equal($('#market-error').text(), 'Choose a market from the list.');

    $ = html((await page(leader, '/reports/portfolio?from=2026-10-01&to=2026-12-01').expect(400)).text);
    assert.equal($('#to-error').text(), 'The end cannot be after today.');
  });

  it('speaks Norwegian Bokmål', async () => {
    const res = await page(leader, `/reports/portfolio?${OCTOBER}&lang=nb`).expect(200).expect('Content-Language', 'nb');
    assertAccessible(res.text, 'portfolio nb');
    const $ = html(res.text);
    assert.equal($('html').attr('lang'), 'nb');
    assert.equal($('h1').text(), 'Porteføljerapport');
    assert.equal($('#impact h2').text(), 'Målt effekt');
    assert.match($('#impact .lead').text(), /Henvendelser unngått per måned: 243,5/);
    assert.match($('tr[data-kind="resolved"] th').text(), /^Løst$/);
    assert.equal($('nav.app-bar a').first().text(), 'Tilbake til Pinchpoint');
    assert.match($('#open table.open-cases').text(), /gjenåpnet/);
    const index = html((await page(leader, '/reports').expect(200)).text);
    assert.equal(index('h1').text(), 'Rapporter', 'the choice sticks for the person');
    const caseReport = html((await page(leader, `/reports/cases/${w.keys.sms}`).expect(200)).text);
    assert.match(caseReport('.meta').text(), /Saksrapport/);
    await page(leader, '/reports?lang=en').expect(200);
  });

  it('has every message the report templates ask for', () => {
    for (const file of ['portfolio.hbs']) {
      const source = readFileSync(new URL(`../../templates/reports/${file}`, import.meta.url), 'utf8');
      const keys = [...source.matchAll(/\bt "([\w.]+)"/g)].map((m) => m[1]!);
      assert.ok(keys.length > 20);
      for (const key of keys) assert.ok(key in en, `reports/${file}: "${key}"`);
    }
  });
});
