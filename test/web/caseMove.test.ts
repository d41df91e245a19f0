import assert from 'node:assert/strict';
import { createTestApp, seedTaxonomy, type TestApp } from '../support/app.ts';
import { refined } from '../cases/support.ts';
import { assertAccessible } from './a11y.ts';
import { addPerson, csrfOf, html, signIn, type Browser } from './support.ts';

interface HistoryLine {
  field: string;
  before: unknown;
  after: unknown;
  at: string;
}

describe('case page: the decision settled with the move to ready', function () {
  this.timeout(120_000);
  let t: TestApp;
  let ux: Browser;
  let uxId: number;
  let caseId: number;

  before(async () => {
    t = await createTestApp();
    t.setNow('2026-11-23T10:00:00Z');
    await seedTaxonomy(t);
    uxId = await addPerson(t, { email: 'ux@example.com', name: 'Una Analyst', role: 'analyst' });
    ux = await signIn(t, 'ux@example.com');
    // Refined in every part but one: it has no action yet, so ready is refused.
    const created = await t.as('analyst').post('/api/v1/cases').send({ ...refined(uxId), title: 'SMS payment codes do not arrive', topics: ['sms-payment'] }).expect(201);
    caseId = created.body.id;
    await t.as('analyst').post(`/api/v1/cases/${caseId}/status`).send({ status: 'refining' }).expect(200);
  });
  after(() => t.close());

  const apiCase = async () => (await t.as('leader').get(`/api/v1/cases/${caseId}`).expect(200)).body;
  const history = async (): Promise<HistoryLine[]> => (await t.as('leader').get(`/api/v1/cases/${caseId}/history`).expect(200)).body.history;
  const page = async () => {
    const res = await ux.get(`/cases/${caseId}`).expect(200);
    return { res, $: html(res.text) };
  };
  const move = async (fields: Record<string, string>) => {
    const { res } = await page();
    return ux.post(`/cases/${caseId}/status`).type('form').send({ _csrf: csrfOf(res.text), ...fields });
  };

  it('saves neither the decision nor the move when the move is refused, and shows the refusal with the decision kept', async () => {
    const before = await apiCase();
    const lines = (await history()).length;
    const refused = await move({ version: String(before.version), status: 'ready', decision: 'now' });
    assert.equal(refused.status, 400);
    const $ = html(refused.text);
    assert.equal($('#move-ready-error').text().trim(), 'The case cannot become Ready yet. It still needs at least one action.');
    assert.equal($('#decision-ready option[selected]').attr('value'), 'now', 'the decision sent is still chosen');
    assertAccessible(refused.text, 'case page with a refused move to ready');
    const after = await apiCase();
    assert.deepEqual([after.status, after.decision, after.version], ['refining', null, before.version]);
    assert.equal((await history()).length, lines, 'nothing in the history either');
    // The next plain view shows the stored decision again.
    assert.equal((await page()).$('#decision-ready option[selected]').length, 0);
  });

  it('says a refused move in Bokmål on a Bokmål page', async () => {
    await ux.get(`/cases/${caseId}?lang=nb`).expect(200);
    try {
      const refused = await move({ version: String((await apiCase()).version), status: 'ready' });
      assert.equal(refused.status, 400);
      assert.equal(html(refused.text)('#move-ready-error').text().trim(), 'Saken kan ikke få status Klar ennå. Den trenger fortsatt minst ett tiltak.');
    } finally {
      await ux.get(`/cases/${caseId}?lang=en`).expect(200);
    }
  });

  it('saves the decision and the move as one change: one version, both in the history at the same moment', async () => {
    await t.as('analyst').post(`/api/v1/cases/${caseId}/actions`).send({ title: 'Switch SMS gateway', ownerId: uxId }).expect(201);
    const before = await apiCase();
    const lines = (await history()).length;
    t.setNow('2026-11-23T11:00:00Z');
    const moved = await move({ version: String(before.version), status: 'ready', decision: 'now' });
    assert.equal(moved.status, 303);
    const after = await apiCase();
    assert.deepEqual([after.status, after.decision, after.version], ['ready', 'now', before.version + 1]);
    const added = (await history()).slice(lines).map((h) => [h.field, h.before, h.after, h.at]);
    assert.deepEqual(added, [
      ['decision', null, 'now', '2026-11-23T11:00:00.000Z'],
      ['status', 'refining', 'ready', '2026-11-23T11:00:00.000Z'],
    ]);
    assert.equal((await page()).$('.flash-success').text(), 'The case is now: Ready.');
  });

  it('refuses a decision and move sent from a page older than the case, and saves neither', async () => {
    await t.as('analyst').post(`/api/v1/cases/${caseId}/status`).send({ status: 'refining' }).expect(200);
    const before = await apiCase();
    const stale = await move({ version: String(before.version - 1), status: 'ready', decision: 'later' });
    assert.equal(stale.status, 409);
    const after = await apiCase();
    assert.deepEqual([after.status, after.decision, after.version], ['refining', 'now', before.version]);
    const $ = html(stale.text);
    assert.deepEqual($('table.conflict tbody tr').map((_, tr) => [[$(tr).find('th').contents().first().text().trim(), $(tr).find('td.yours').text(), $(tr).find('td.stored').text()]]).get(), [
      ['Status', 'Ready', 'Refining'],
      ['Decision', 'Later', 'Now'],
    ]);
    // Trying again carries the decision with the move, on the current version.
    const again = $('form[action$="/status"]');
    const fields = Object.fromEntries(again.find('input').map((_, i) => [[$(i).attr('name'), $(i).val()]]).get());
    assert.equal(fields.decision, 'later');
    await ux.post(`/cases/${caseId}/status`).type('form').send(fields).expect(303);
    const retried = await apiCase();
    assert.deepEqual([retried.status, retried.decision, retried.version], ['ready', 'later', before.version + 1]);
    await t.as('analyst').post(`/api/v1/cases/${caseId}/status`).send({ status: 'refining' }).expect(200);
    await t.as('analyst').patch(`/api/v1/cases/${caseId}`).set('If-Match', `"${retried.version + 1}"`).send({ decision: 'now' }).expect(200);
  });

  it('moves without a decision field as before, and a decision left as it is adds no history line', async () => {
    const before = await apiCase();
    const lines = (await history()).length;
    assert.equal((await move({ version: String(before.version), status: 'ready', decision: 'now' })).status, 303);
    assert.deepEqual((await history()).slice(lines).map((h) => h.field), ['status']);
    assert.equal((await apiCase()).version, before.version + 1);
    assert.equal((await move({ version: String(before.version + 1), status: 'in_progress' })).status, 303);
    assert.equal((await apiCase()).status, 'in_progress');
  });

  it('adds actions and comments from a page older than the case: adding overwrites nothing', async () => {
    const { res, $ } = await page();
    assert.equal($('#actions form[action$="/actions"] input[name="version"]').length, 0);
    assert.equal($('#comments form input[name="version"]').length, 0);
    const token = csrfOf(res.text);
    // Someone else edits the case after the page was opened.
    const seen = await apiCase();
    await t.as('analyst').patch(`/api/v1/cases/${caseId}`).set('If-Match', `"${seen.version}"`).send({ team: 'Payments' }).expect(200);
    await ux.post(`/cases/${caseId}/actions`).type('form').send({ _csrf: token, title: 'Retry failed messages', ownerId: '', dueDate: '' }).expect(303);
    // A version a form still sends (an old page) is ignored, not refused.
    await ux.post(`/cases/${caseId}/actions`).type('form').send({ _csrf: token, version: '1', title: 'Tell agents', ownerId: '', dueDate: '' }).expect(303);
    await ux.post(`/cases/${caseId}/comments`).type('form').send({ _csrf: token, body: 'Gateway contract signed.' }).expect(303);
    const after = await apiCase();
    assert.deepEqual(after.actions.map((a: { title: string }) => a.title), ['Switch SMS gateway', 'Retry failed messages', 'Tell agents']);
    assert.equal(after.team, 'Payments');
    const comments = (await t.as('leader').get(`/api/v1/cases/${caseId}/comments`).expect(200)).body;
    assert.match(JSON.stringify(comments), /Gateway contract signed/);
  });
});
