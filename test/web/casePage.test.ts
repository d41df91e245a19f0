import assert from 'node:assert/strict';
import { evidenceChart } from '../../src/web/charts/charts.ts';
import { translator } from '../../src/web/i18n/index.ts';
import { createTestApp, seedTaxonomy, type TestApp } from '../support/app.ts';
import { assertAccessible } from './a11y.ts';
import { csrfOf, html, signInCast, type Browser } from './support.ts';

describe('case page', function () {
  this.timeout(120_000);
  let t: TestApp;
  let ux: Browser;
  let kari: Browser;
  let leader: Browser;
  let uxId: number;
  let kariId: number;
  let caseId: number;

  before(async () => {
    t = await createTestApp();
    t.setNow('2026-11-23T10:00:00Z');
    await seedTaxonomy(t);
    ({ ux, kari, leader, uxId, kariId } = await signInCast(t));
    // Three weeks of SMS-payment inquiries in Torget, rising at the end, and some others around them.
    const inquiries = [];
    for (let d = 1; d <= 21; d++) {
      const day = `2026-11-${String(d).padStart(2, '0')}`;
      const sms = d >= 18 ? 12 : 3;
      for (let i = 0; i < sms; i++) inquiries.push({ receivedAt: `${day}T09:${String(i).padStart(2, '0')}:00`, topic: 'sms-payment', market: 'torget', note: i === 0 ? `SMS code never came (${day})` : undefined });
      for (let i = 0; i < 5; i++) inquiries.push({ receivedAt: `${day}T10:${String(i).padStart(2, '0')}:00`, topic: 'login', market: 'torget' });
    }
    await t.as('agent').post('/api/v1/inquiries').send({ inquiries }).expect(201);
    const created = await t.as('analyst').post('/api/v1/cases').send({ title: 'SMS payment codes do not arrive', topics: ['sms-payment'], markets: ['torget'] }).expect(201);
    caseId = created.body.id;
  });
  after(() => t.close());

  const apiCase = async () => (await t.as('leader').get(`/api/v1/cases/${caseId}`).expect(200)).body;
  const page = async (client: Browser, query = '') => {
    const res = await client.get(`/cases/${caseId}${query}`).expect(200);
    return { res, $: html(res.text) };
  };
  /** Opens the case page and posts one of its forms, as a browser would; `.expect(status)` sends it. */
  const post = (client: Browser, action: string, fields: Record<string, string | string[]>) => ({
    expect: async (status: number) => {
      const { res } = await page(client);
      return client.post(action).type('form').send({ _csrf: csrfOf(res.text), ...fields }).expect(status);
    },
  });

  it('walks the method in order, with the evidence snapshot as a chart and the same numbers as a table', async () => {
    const { res, $ } = await page(leader);
    assert.equal($('h1').text(), `PP-${caseId}: SMS payment codes do not arrive`);
    const order = $('section.case-section').map((_, s) => $(s).attr('id')).get();
    assert.deepEqual(order, ['workflow', 'current', 'causes', 'desired', 'actions', 'followup', 'trackers', 'comments', 'history']);
    assert.deepEqual($('section.case-section h2').map((_, h) => $(h).text()).get().slice(1, 6), ['1. Current state', '2. Root causes', '3. Desired state and target', '4. Actions', '5. Follow-up']);

    const evidence = (await apiCase()).evidence;
    const chart = $('#current figure.chart svg[role="img"]');
    assert.match(chart.attr('aria-label')!, new RegExp(`from ${evidence.from} to ${evidence.to}`));
    const rows = $('table.evidence-days tbody tr');
    assert.equal(rows.length, evidence.daily.length);
    rows.each((i, tr) => {
      assert.equal($(tr).find('time').attr('datetime'), evidence.daily[i].day);
      assert.equal(Number($(tr).find('td.num').text()), evidence.daily[i].count);
    });
    assert.equal(Number($('#evidence-total').text().replace(/\D/g, '')), evidence.total);
    assert.equal(evidence.total, 17 * 3 + 4 * 12);
    assert.match($('#current .notes').text(), /SMS code never came/);
    assert.deepEqual(
      $('#workflow ul.missing a').map((_, a) => [[$(a).text(), $(a).attr('href')]]).get(),
      [['a current state', '#current'], ['at least one root cause', '#causes'], ['a desired state', '#desired'], ['a measurable target', '#desired'], ['at least one action', '#actions'], ['an owner', '#case-owner']],
    );
    assert.equal($('#current form').length, 0, 'leaders read; they get no edit forms');
    assert.equal($('#comments form').length, 1, 'anyone signed in may comment');
    assertAccessible(res.text, 'case page');
    await leader.get('/cases/999999').set('Accept', 'text/html').expect(404);
    await leader.get('/cases/not-a-case').set('Accept', 'text/html').expect(404);
  });

  it('edits each section of the method and shows what was saved', async () => {
    const version = String((await apiCase()).version);
    await post(ux, `/cases/${caseId}/edit/current`, { version, currentState: 'Customers pay by SMS and get no code; 12 a day call us.' }).expect(303);
    let body = await apiCase();
    await post(ux, `/cases/${caseId}/edit/causes`, {
      version: String(body.version),
      causeText: ['The SMS gateway drops messages to one operator', '', 'No retry of a failed SMS'],
      causeCategory: ['technical', 'process', ''],
    }).expect(303);
    body = await apiCase();
    assert.deepEqual(body.rootCauses, [
      { text: 'The SMS gateway drops messages to one operator', category: 'technical' },
      { text: 'No retry of a failed SMS', category: null },
    ]);
    await post(ux, `/cases/${caseId}/edit/desired`, { version: String(body.version), desiredState: 'SMS payment works for every operator.', targetMetric: 'share', targetMax: '2,5' }).expect(303);
    body = await apiCase();
    assert.deepEqual(body.target, { metric: 'share', max: 0.025 });
    await post(ux, `/cases/${caseId}/edit/overview`, {
      version: String(body.version), title: 'SMS payment codes do not arrive (Telia)', topics: ['sms-payment'], markets: ['torget'], ownerId: String(uxId), team: 'Payments', priority: 'high', decision: 'now',
    }).expect(303);
    body = await apiCase();
    assert.equal(body.currentState, 'Customers pay by SMS and get no code; 12 a day call us.');
    assert.deepEqual([body.title, body.owner.id, body.team, body.priority, body.decision], ['SMS payment codes do not arrive (Telia)', uxId, 'Payments', 'high', 'now']);

    const { $ } = await page(ux);
    assert.match($('#current .prose').text(), /12 a day call us/);
    assert.deepEqual($('#causes ol.root-causes li').map((_, li) => $(li).text()).get(), ['The SMS gateway drops messages to one operator Technical', 'No retry of a failed SMS']);
    assert.equal($('#case-target').text(), 'at most 2.5 % of all inquiries');
    assert.equal($('#targetMax').val(), '2.5');
    assert.equal($('#case-owner').text(), 'Una Analyst');
    assert.equal($('.flash-success').text(), 'Saved.');
    const history = (await t.as('leader').get(`/api/v1/cases/${caseId}/history`).expect(200)).body.history;
    assert.equal($('table.history tbody tr').length, history.length);
    const what = $('table.history tbody tr td:nth-child(3)').map((_, td) => $(td).text()).get();
    assert.deepEqual(what.slice(0, 5).sort(), ['Decision', 'Owner', 'Priority', 'Team', 'Title'], 'the newest change first, fields in words');
    assert.equal(what.at(-1), 'Case opened');
  });

  it('keeps a text of several paragraphs exactly as written when its form is saved again unchanged', async () => {
    const paragraphs = 'Customers pay by SMS and get no code.\n\nAbout 12 a day call us:\n- Telia users\n- Ice users';
    await post(ux, `/cases/${caseId}/edit/current`, { version: String((await apiCase()).version), currentState: paragraphs }).expect(303);
    for (let save = 0; save < 2; save++) {
      const { $ } = await page(ux);
      assert.equal($('#currentState').text(), paragraphs, 'the form shows the text as stored, without indentation');
      await post(ux, `/cases/${caseId}/edit/current`, { version: String((await apiCase()).version), currentState: $('#currentState').text() }).expect(303);
      assert.equal((await apiCase()).currentState, paragraphs);
    }
  });

  it('names bad input next to its field and keeps what was typed', async () => {
    const version = String((await apiCase()).version);
    const target = await post(ux, `/cases/${caseId}/edit/desired`, { version, desiredState: 'Keep this text', targetMetric: 'share', targetMax: 'five' }).expect(400);
    let $ = html(target.text);
    assert.equal($('#targetMax-error').text(), 'Enter a number of 0 or more, such as 5 or 2.5.');
    assert.equal($('#targetMax').val(), 'five');
    assert.equal($('#desiredState').text(), 'Keep this text');
    assert.ok($('#desired details.edit').attr('open') !== undefined, 'the form with the error is open');
    assertAccessible(target.text, 'case page with a target error');
    const share = await post(ux, `/cases/${caseId}/edit/desired`, { version, desiredState: 'x', targetMetric: 'share', targetMax: '150' }).expect(400);
    assert.equal(html(share.text)('#targetMax-error').text(), 'A share is at most 100 %.');
    const noMetric = await post(ux, `/cases/${caseId}/edit/desired`, { version, desiredState: 'x', targetMetric: '', targetMax: '3' }).expect(400);
    assert.equal(html(noMetric.text)('#targetMetric-error').text(), 'Choose what the target measures.');

    const title = await post(ux, `/cases/${caseId}/edit/overview`, { version, title: '', team: 'Kept team', priority: 'high' }).expect(400);
    $ = html(title.text);
    assert.equal($('#title-error').text(), 'Give the case a title.');
    assert.equal($('#team').val(), 'Kept team');

    const due = await post(ux, `/cases/${caseId}/actions`, { version, title: 'Switch SMS provider', dueDate: '2026-02-30' }).expect(400);
    $ = html(due.text);
    assert.equal($('#new-action-due-error').text(), 'Enter a date as YYYY-MM-DD.');
    assert.equal($('#new-action-title').val(), 'Switch SMS provider');
    const noTitle = await post(ux, `/cases/${caseId}/actions`, { version, title: ' ', dueDate: '' }).expect(400);
    assert.equal(html(noTitle.text)('#new-action-title-error').text(), 'Say what is to be done.');
    const comment = await post(kari, `/cases/${caseId}/comments`, { body: '   ' }).expect(400);
    assert.equal(html(comment.text)('#comment-body-error').text(), 'Write something first.');
    await post(ux, `/cases/${caseId}/edit/everything`, { version, title: 'x' }).expect(404);
    const noToken = await ux.post(`/cases/${caseId}/edit/current`).type('form').send({ version, currentState: 'Without a CSRF token' }).expect(403);
    assert.match(html(noToken.text)('main').text(), /form had expired/);
    assert.equal((await apiCase()).desiredState, 'SMS payment works for every operator.', 'nothing was saved');
    assert.equal((await apiCase()).version, Number(version));
  });

  it('refuses a stale form with both versions side by side, keeps the input, and saves it on top of the current version', async () => {
    const { res } = await page(ux);
    const token = csrfOf(res.text);
    const seen = html(res.text)('#current input[name="version"]').val() as string;
    // Someone else saves the current state in between.
    await t.as('analyst').patch(`/api/v1/cases/${caseId}`).set('If-Match', `"${seen}"`).send({ currentState: 'Rewritten by a colleague.' }).expect(200);
    const mine = 'My careful description of what customers see, written over ten minutes.';
    const stale = await ux.post(`/cases/${caseId}/edit/current`).type('form').send({ _csrf: token, version: seen, currentState: mine }).expect(409);
    const $ = html(stale.text);
    const row = $('table.conflict tbody tr');
    assert.equal(row.length, 1);
    assert.equal(row.find('td.yours').text(), mine);
    assert.equal(row.find('td.stored').text(), 'Rewritten by a colleague.');
    assert.ok(row.hasClass('differs'));
    assert.equal($('#currentState').text(), mine, 'what they typed is in the form again');
    const current = await apiCase();
    assert.equal($('form input[name="version"]').val(), String(current.version));
    assert.equal(current.currentState, 'Rewritten by a colleague.');
    assertAccessible(stale.text, 'conflict page');

    await ux.post(`/cases/${caseId}/edit/current`).type('form').send({ _csrf: csrfOf(stale.text), version: String(current.version), currentState: mine }).expect(303);
    assert.equal((await apiCase()).currentState, mine);

    // A stale overview shows every field, and marks only the ones that differ.
    const before = await apiCase();
    await t.as('analyst').patch(`/api/v1/cases/${caseId}`).set('If-Match', `"${before.version}"`).send({ decision: 'later' }).expect(200);
    const overview = await ux.post(`/cases/${caseId}/edit/overview`).type('form').send({
      _csrf: token, version: String(before.version), title: before.title, topics: ['sms-payment'], markets: ['torget'], ownerId: String(uxId), team: 'Payments', priority: 'critical', decision: 'now',
    }).expect(409);
    const o = html(overview.text);
    assert.deepEqual(o('table.conflict tr.differs th').map((_, th) => o(th).contents().first().text().trim()).get(), ['Priority', 'Decision']);
    assert.equal(o('#priority option[selected]').attr('value'), 'critical');
  });

  it('lets analysts add actions and move the workflow; an agent may only move the status of an action they own', async () => {
    let version = String((await apiCase()).version);
    await post(ux, `/cases/${caseId}/actions`, { version, title: 'Add a second SMS gateway', ownerId: String(kariId), dueDate: '2026-12-01' }).expect(303);
    await post(ux, `/cases/${caseId}/actions`, { version, title: 'Retry failed messages', ownerId: String(uxId), dueDate: '' }).expect(303);
    const [mineAction, notMine] = (await apiCase()).actions as Array<{ id: number; version: number; status: string }>;

    let { $ } = await page(kari);
    assert.equal($('#current form').length, 0, 'agents do not edit the case');
    assert.equal($(`li[data-action="${mineAction!.id}"] form`).length, 1, 'the owner may move their action');
    assert.equal($(`li[data-action="${mineAction!.id}"] input[name="title"]`).length, 0, 'but only its status');
    assert.equal($(`li[data-action="${notMine!.id}"] form`).length, 0);
    await post(kari, `/cases/${caseId}/actions/${mineAction!.id}`, { version: String(mineAction!.version), status: 'doing' }).expect(303);
    assert.equal((await apiCase()).actions[0].status, 'doing');
    await post(kari, `/cases/${caseId}/actions/${notMine!.id}`, { version: String(notMine!.version), status: 'done' }).expect(403);
    await post(kari, `/cases/${caseId}/edit/current`, { version, currentState: 'Agents cannot' }).expect(403);
    await post(kari, `/cases/${caseId}/status`, { version, status: 'refining' }).expect(403);
    await post(leader, `/cases/${caseId}/actions/${notMine!.id}`, { version: String(notMine!.version), status: 'done' }).expect(403);
    await post(leader, `/cases/${caseId}/actions`, { version, title: 'Leaders read' }).expect(403);
    await post(kari, `/cases/${caseId}/comments`, { body: 'Three more calls about this today.' }).expect(303);
    ({ $ } = await page(leader));
    assert.match($('#comments ol.comments').text(), /Kari Agent[\s\S]*Three more calls about this today/);

    // A stale action form: both versions of the action side by side.
    const stale = await post(ux, `/cases/${caseId}/actions/${mineAction!.id}`, { version: String(mineAction!.version), title: 'Add a second SMS gateway', ownerId: String(kariId), dueDate: '2026-12-05', status: 'todo' }).expect(409);
    const s = html(stale.text);
    assert.deepEqual(s('table.conflict tr.differs th').map((_, th) => s(th).contents().first().text().trim()).get(), ['Due date', 'Status']);
    assert.equal(s(`#action-${mineAction!.id}-due`).val(), '2026-12-05');

    version = String((await apiCase()).version);
    const dropped = await post(ux, `/cases/${caseId}/status`, { version, status: 'dropped', reason: '' }).expect(400);
    assert.equal(html(dropped.text)('#reason-dropped-error').text(), 'Say why the case is dropped.');
    // A move the page no longer offers (sent from an older page) is refused above the buttons.
    const refused = await post(ux, `/cases/${caseId}/status`, { version, status: 'ready' }).expect(400);
    $ = html(refused.text);
    assert.match($('#workflow #move-error').text(), /cannot move from new to ready/);
    assertAccessible(refused.text, 'case page with a refused move');
    assert.deepEqual($('#workflow form input[name="status"]').map((_, i) => $(i).val()).get(), ['refining', 'dropped']);
    // A move from a page older than the case is refused with both statuses shown, and can be tried again.
    const staleMove = await post(ux, `/cases/${caseId}/status`, { version: String(Number(version) - 1), status: 'refining', reason: 'Workshop on Monday' }).expect(409);
    const m = html(staleMove.text);
    assert.deepEqual(m('table.conflict tbody tr').map((_, tr) => [[m(tr).find('td.yours').text(), m(tr).find('td.stored').text()]]).get(), [['Refining', 'New']]);
    assert.equal(m('#reason-again').text(), 'Workshop on Monday');
    assert.equal((await apiCase()).status, 'new');
    await ux.post(`/cases/${caseId}/status`).type('form').send({ _csrf: csrfOf(staleMove.text), version: m('form input[name="version"]').val(), status: 'refining' }).expect(303);
    ({ $ } = await page(ux));
    assert.equal($('#case-status').text(), 'Refining');
    assert.equal($('.flash-success').text(), 'The case is now: Refining.');
    assert.equal($('#workflow ul.missing').length, 0, 'the method is complete');
    assert.equal($('#case-stage').text(), 'The method is complete: the case can be ready.');
  });

  it('records the fix shipped and shows the planned follow-ups as the API plans them', async () => {
    const ready = (await page(ux)).$;
    assert.equal(ready('#decision-ready option[selected]').attr('value'), 'later', 'the move to ready offers the triage decision, as it stands');
    await post(ux, `/cases/${caseId}/status`, { version: String((await apiCase()).version), status: 'ready', decision: 'now' }).expect(303);
    assert.deepEqual([(await apiCase()).status, (await apiCase()).decision], ['ready', 'now']);
    await post(ux, `/cases/${caseId}/status`, { version: String((await apiCase()).version), status: 'in_progress' }).expect(303);
    const shipping = (await page(ux)).$;
    assert.deepEqual(shipping('#workflow form input[name="status"]').map((_, i) => shipping(i).val()).get(), ['ready', 'dropped'], 'fix shipped is recorded with its day, not a bare move');
    assert.equal(shipping('#workflow a[href="#followup"]').length, 1);
    assert.equal(shipping('#case-stage').text(), 'The team is working on the fix.');
    const version = String((await apiCase()).version);
    const bad = await post(ux, `/cases/${caseId}/fix-shipped`, { version, shippedOn: '21.11.2026' }).expect(400);
    assert.equal(html(bad.text)('#shippedOn-error').text(), 'Enter the day as YYYY-MM-DD.');
    assert.equal(html(bad.text)('#shippedOn').val(), '21.11.2026');
    const future = await post(ux, `/cases/${caseId}/fix-shipped`, { version, shippedOn: '2026-12-24' }).expect(400);
    assert.match(html(future.text)('#shippedOn-error').text(), /in the future/);
    await post(kari, `/cases/${caseId}/fix-shipped`, { version, shippedOn: '2026-11-20' }).expect(403);

    await post(ux, `/cases/${caseId}/fix-shipped`, { version, shippedOn: '2026-11-20' }).expect(303);
    const { plan } = (await t.as('leader').get(`/api/v1/cases/${caseId}/measurements`).expect(200)).body;
    const { $ } = await page(leader);
    assert.equal($('#case-status').text(), 'Fix shipped');
    assert.equal($('#case-stage').text(), 'The fix has shipped: the follow-ups below compare inquiries before and after it.');
    assert.match($('#fix-day').text(), /^The fix shipped on Fri,? 20 Nov 2026\.$/);
    assert.equal(plan.fixDay, '2026-11-20');
    assert.deepEqual(
      $('table.followups tbody tr').map((_, tr) => [[$(tr).find('th').text(), $(tr).find('time').attr('datetime'), $(tr).find('td').last().text()]]).get(),
      plan.followups.map((f: { offsetDays: number; asOf: string }) => [`after ${f.offsetDays} days`, f.asOf, 'Planned']),
    );
    assert.equal($(`a[href="/reports/cases/${caseId}"]`).length, 1);
    const staleFix = await post(ux, `/cases/${caseId}/fix-shipped`, { version, shippedOn: '2026-11-19' }).expect(409);
    const f = html(staleFix.text);
    assert.deepEqual(f('table.conflict tbody tr').map((_, tr) => [[f(tr).find('td.yours').text(), f(tr).find('td.stored').text()]]).get(), [['2026-11-19', '2026-11-20']]);
    assert.equal(f('#shippedOn').val(), '2026-11-19');
    assert.equal((await t.as('leader').get(`/api/v1/cases/${caseId}/measurements`).expect(200)).body.plan.fixDay, '2026-11-20');

    // A measurement by hand shows its one-sentence verdict.
    t.setNow('2026-11-23T10:00:00Z');
    const measured = await t.as('analyst').post(`/api/v1/cases/${caseId}/measurements`).send({ asOf: '2026-11-22', windowDays: 7 }).expect(201);
    const after = (await page(leader)).$;
    assert.equal(after('ul.measurements .sentence').text(), measured.body.sentence.en);
    assert.equal((await page(leader, '?lang=nb')).$('ul.measurements .sentence').text(), measured.body.sentence.nb);
  });

  it('reads in Bokmål', async () => {
    const { res, $ } = await page(leader, '?lang=nb');
    assert.equal($('html').attr('lang'), 'nb');
    assert.deepEqual($('section.case-section h2').map((_, h) => $(h).text()).get().slice(1, 6), ['1. Nåsituasjon', '2. Grunnårsaker', '3. Ønsket situasjon og mål', '4. Tiltak', '5. Oppfølging']);
    assert.equal($('#case-status').text(), 'Løsning levert');
    assert.equal($('#case-stage').text(), 'Løsningen er levert: oppfølgingene nedenfor sammenligner henvendelser før og etter den.');
    assert.equal($('#case-target').text(), 'høyst 2,5 % av alle henvendelser');
    assertAccessible(res.text, 'case page in Bokmål');
  });
});

describe('evidence chart', () => {
  const daily = [{ day: '2026-10-30', count: 3 }, { day: '2026-10-31', count: 4 }, { day: '2026-11-01', count: 24 }];
  const legend = (svg: string) => html(svg)('text').map((_, el) => html(svg)(el).text()).get().filter((s) => ['Inquiries', 'Expected'].includes(s));

  it('draws the level expected before the problem when a spike gave one, and only bars otherwise', () => {
    const t = translator('en');
    const withExpected = String(evidenceChart(daily, 3.5, t));
    assert.deepEqual(legend(withExpected), ['Inquiries', 'Expected']);
    assert.match(withExpected, /stroke-dasharray/);
    const barsOnly = String(evidenceChart(daily, null, t));
    assert.deepEqual(legend(barsOnly), []);
    assert.doesNotMatch(barsOnly, /stroke-dasharray/);
    assert.match(html(barsOnly)('svg').attr('aria-label')!, /from 2026-10-30 to 2026-11-01/);
  });

  it('writes the days along its axis as people read them, in the page language', () => {
    const texts = (svg: string) => html(svg)('text').map((_, el) => html(svg)(el).text()).get();
    const en = texts(String(evidenceChart(daily, null, translator('en'))));
    assert.ok(['30 Oct', '31 Oct', '1 Nov'].every((d) => en.includes(d)), en.join(' | '));
    assert.ok(!en.some((x) => /^\d{4}-\d{2}-\d{2}$/.test(x)), 'no ISO days on the axis');
    const nb = texts(String(evidenceChart(daily, null, translator('nb'))));
    assert.ok(nb.includes('1. nov.'), nb.join(' | '));
  });
});
