import assert from 'node:assert/strict';
import supertest from 'supertest';
import { caseInProgress } from '../followups/support.ts';
import { createTestApp, seedTaxonomy, type TestApp } from '../support/app.ts';
import { assertAccessible } from './a11y.ts';
import { addPerson, browser, csrfOf, html, signIn, type Browser } from './support.ts';

describe('"What we fixed" page', () => {
  let t: TestApp;
  let analyst: Browser;
  let agent: Browser;
  let leader: Browser;
  type Made = { id: number; key: string };
  const keys = {} as { sms: Made; image: Made; reopened: Made };

  /** A case resolved by hand through the API, which drafts its note. */
  async function resolved(w: Parameters<typeof caseInProgress>[0], title: string) {
    const made = await caseInProgress(w, { title, topics: ['sms-payment'], markets: ['torget'] });
    await w.ux.as.post(`/api/v1/cases/${made.key}/fix-shipped`).send({ shippedAt: '2026-11-10T10:00:00Z' }).expect(200);
    for (const status of ['verifying', 'resolved']) await w.ux.as.post(`/api/v1/cases/${made.key}/status`).send({ status }).expect(200);
    return made;
  }
  const note = async (key: string) => (await t.as('analyst').get(`/api/v1/cases/${key}/fixed-note`).expect(200)).body;

  before(async () => {
    t = await createTestApp();
    await seedTaxonomy(t);
    const ux = await t.addUser({ email: 'kari@example.no', name: 'Kari Nordmann', role: 'analyst' });
    const dev = await t.addUser({ email: 'ola@example.no', name: 'Ola Utvikler', role: 'agent' });
    const w = { t, ux, dev, agent: dev };
    keys.sms = await resolved(w, 'SMS payment hangs');
    keys.image = await resolved(w, 'Image upload <fails>');
    keys.reopened = await resolved(w, 'Came back');
    await ux.as.post(`/api/v1/cases/${keys.reopened.key}/status`).send({ status: 'reopened' }).expect(200);
    await ux.as.post(`/api/v1/cases/${keys.image.key}/fixed-note/approve`).expect(200);
    await addPerson(t, { email: 'una@example.no', name: 'Una Analyst', role: 'analyst' });
    await addPerson(t, { email: 'per@example.no', name: 'Per Kundesenter', role: 'agent' });
    await addPerson(t, { email: 'lea@example.no', name: 'Lea Leder', role: 'leader' });
    analyst = await signIn(t, 'una@example.no');
    agent = await signIn(t, 'per@example.no');
    leader = await signIn(t, 'lea@example.no');
  });
  after(() => t.close());

  it('shows agents what the API publishes, and no drafts or forms', async () => {
    const res = await agent.get('/fixed').expect(200);
    assertAccessible(res.text, '/fixed as agent');
    const $ = html(res.text);
    const { body } = await t.as('agent').get('/api/v1/fixed-notes').expect(200);
    const shown = $('#published-heading').parent().find('article');
    assert.deepEqual(shown.map((_, a) => $(a).attr('id')).get(), body.notes.map((n: { id: number }) => `note-${n.id}`));
    assert.equal(shown.find('h3').first().text(), 'Fixed: Image upload <fails>');
    assert.equal(shown.first().find('p').first().text(), 'What was wrong: SMS payments hang; 24 inquiries on 1 November.');
    assert.equal($('#drafts-heading').length, 0);
    assert.equal($('form[action^="/fixed/"]').length, 0);
    assert.equal($('a[href="/feeds/fixed.atom"]').length, 1);
    assert.equal($('a[href="/fixed"][aria-current="page"]').text(), 'What we fixed');
  });

  it('links a case page to its note, as far as the person may see it: drafts for reviewers only', async () => {
    const linkOn = async (who: Browser, made: Made) => html((await who.get(`/cases/${made.id}`).expect(200)).text)('#fixed-note-link');
    const published = await note(keys.image.key);
    const draft = await note(keys.sms.key);
    assert.equal((await linkOn(agent, keys.image)).find('a').attr('href'), `/fixed#note-${published.id}`);
    assert.match((await linkOn(agent, keys.image)).text(), /\(published\)$/);
    assert.equal((await linkOn(agent, keys.sms)).length, 0, 'an agent never sees a draft');
    assert.match((await linkOn(analyst, keys.sms)).text(), /\(draft, waiting for approval\)$/);
    assert.equal((await linkOn(analyst, keys.sms)).find('a').attr('href'), `/fixed#note-${draft.id}`);
  });

  it('shows analysts the drafts to edit and approve; a reopened case cannot be approved', async () => {
    const res = await analyst.get('/fixed').expect(200);
    assertAccessible(res.text, '/fixed as analyst');
    const $ = html(res.text);
    const sms = await note(keys.sms.key);
    const draft = $(`#note-${sms.id}`);
    assert.equal(draft.find(`#title-${sms.id}`).val(), 'Fixed: SMS payment hangs');
    assert.match(sms.body, /\n\n/, 'a draft has paragraphs');
    assert.equal(draft.find(`#body-${sms.id}`).text(), sms.body, 'its paragraphs reach the form without indentation, so saving it changes nothing');
    assert.equal(draft.find('input[name="version"]').val(), String(sms.version));
    assert.equal(draft.find(`form[action="/fixed/${keys.sms.id}/approve"]`).length, 1);
    const reopened = await note(keys.reopened.key);
    assert.equal($(`#note-${reopened.id} form[action$="/approve"]`).length, 0);
    assert.match($(`#note-${reopened.id}`).text(), /The case is no longer resolved/);
  });

  it('saves an edit with the Norwegian text, then approves it: the API agrees', async () => {
    const page = await analyst.get('/fixed').expect(200);
    const sms = await note(keys.sms.key);
    const saved = await analyst
      .post(`/fixed/${keys.sms.id}/edit`)
      .type('form')
      .send({ _csrf: csrfOf(page.text), title: 'SMS payment works again', body: 'Paying by SMS no longer hangs.', titleNb: 'SMS-betaling virker igjen', bodyNb: 'Betaling med SMS henger ikke lenger.', version: String(sms.version) })
      .expect(303);
    assert.equal(saved.headers.location, `/fixed#note-${sms.id}`);
    const after = await note(keys.sms.key);
    assert.deepEqual([after.title, after.body, after.nb], ['SMS payment works again', 'Paying by SMS no longer hangs.', { title: 'SMS-betaling virker igjen', body: 'Betaling med SMS henger ikke lenger.' }]);
    const flashPage = html((await analyst.get('/fixed').expect(200)).text);
    assert.match(flashPage('.flash').text(), /The note for PP-\d+ is saved\./);
    await analyst.post(`/fixed/${keys.sms.id}/approve`).type('form').send({ _csrf: csrfOf(page.text) }).expect(303);
    assert.equal((await note(keys.sms.key)).status, 'published');
  });

  it('keeps the input and names the field when the text is bad (400), and says why a stale edit saved nothing (409)', async () => {
    const page = await analyst.get('/fixed').expect(200);
    const reopened = await note(keys.reopened.key);
    const send = (fields: Record<string, string>) =>
      analyst.post(`/fixed/${keys.reopened.id}/edit`).type('form').send({ _csrf: csrfOf(page.text), title: 'Kept title', body: 'Kept text', titleNb: '', bodyNb: '', version: String(reopened.version), ...fields });
    let $ = html((await send({ title: '  ' }).expect(400)).text);
    assert.equal($(`#title-${reopened.id}-error`).text(), 'Enter a title.');
    assert.equal($(`#title-${reopened.id}`).attr('aria-invalid'), 'true');
    assert.equal($(`#body-${reopened.id}`).text(), 'Kept text');
    $ = html((await send({ body: 'x'.repeat(4001) }).expect(400)).text);
    assert.equal($(`#body-${reopened.id}-error`).text(), 'Use at most 4,000 characters.');
    assert.equal($(`#title-${reopened.id}`).val(), 'Kept title');
    $ = html((await send({ titleNb: 'Bare tittel' }).expect(400)).text);
    assert.equal($(`#bodyNb-${reopened.id}-error`).text(), 'Give both a Norwegian title and a Norwegian text, or neither.');
    assertAccessible($.html(), '/fixed with errors');
    $ = html((await send({ version: String(reopened.version + 5), body: 'My careful rewrite' }).expect(409)).text);
    assert.match($(`#note-${reopened.id}-error`).text(), /Someone changed this note while you edited it/);
    assert.equal($(`#body-${reopened.id}`).text(), 'My careful rewrite');
    await analyst.post('/fixed/PP-999999/edit').type('form').send({ _csrf: csrfOf(page.text), title: 'T', body: 'B', titleNb: '', bodyNb: '', version: '1' }).expect(404);
    await analyst.post('/fixed/nonsense/edit').type('form').send({ _csrf: csrfOf(page.text), title: 'T', body: 'B', titleNb: '', bodyNb: '', version: '1' }).expect(400);
    const unchanged = await note(keys.reopened.key);
    assert.deepEqual([unchanged.title, unchanged.version], [reopened.title, reopened.version]);
  });

  it('refuses agents and leaders (403) and a form without its CSRF token, changing nothing', async () => {
    const image = await note(keys.image.key);
    for (const who of [agent, leader]) {
      const page = await who.get('/fixed').expect(200);
      const refused = await who.post(`/fixed/${keys.image.id}/withdraw`).type('form').send({ _csrf: csrfOf(page.text) }).expect(403);
      assert.equal(html(refused.text)('h1').text(), 'You do not have access to this page');
    }
    const forged = await analyst.post(`/fixed/${keys.image.id}/withdraw`).type('form').send({ reason: 'x' }).expect(403);
    assert.match(html(forged.text)('main').text(), /The form had expired or did not come from this site/);
    assert.equal((await note(keys.image.key)).status, image.status);
    const signedOut = await browser(t).get('/fixed').set('Accept', 'text/html').expect(303);
    assert.equal(signedOut.headers.location, `/sign-in?next=${encodeURIComponent('/fixed')}`);
  });

  it('withdraws a published note with a reason, and it leaves the agents\' page', async () => {
    const page = await analyst.get('/fixed').expect(200);
    await analyst.post(`/fixed/${keys.image.id}/withdraw`).type('form').send({ _csrf: csrfOf(page.text), reason: 'Wrong wording' }).expect(303);
    const image = await note(keys.image.key);
    assert.deepEqual([image.status, image.withdrawnReason], ['withdrawn', 'Wrong wording']);
    const $ = html((await agent.get('/fixed').expect(200)).text);
    assert.equal($(`#note-${image.id}`).length, 0);
    const again = await analyst.post(`/fixed/${keys.image.id}/withdraw`).type('form').send({ _csrf: csrfOf(page.text) }).expect(303);
    assert.equal(again.headers.location, '/fixed');
    assert.match(html((await analyst.get('/fixed').expect(200)).text)('.flash').text(), /already withdrawn/);
    // The same refusal on a Bokmål page is said in Bokmål.
    const nbPage = await analyst.get('/fixed?lang=nb').expect(200);
    try {
      await analyst.post(`/fixed/${keys.image.id}/withdraw`).type('form').send({ _csrf: csrfOf(nbPage.text) }).expect(303);
      const flashText = html((await analyst.get('/fixed').expect(200)).text)('.flash').text().trim();
      assert.equal(flashText, `Ikke utført: meldingen for ${keys.image.key} er allerede trukket tilbake.`);
    } finally {
      await analyst.get('/fixed?lang=en').expect(200);
    }
  });

  it('speaks Bokmål with ?lang=nb and shows a note\'s Norwegian text there', async () => {
    const res = await agent.get('/fixed?lang=nb').expect(200);
    assertAccessible(res.text, '/fixed?lang=nb');
    const $ = html(res.text);
    assert.equal($('html').attr('lang'), 'nb');
    assert.equal($('h1').text(), 'Dette har vi fikset');
    assert.equal($('#published-heading').text(), 'Publisert');
    const sms = await note(keys.sms.key);
    assert.equal($(`#note-${sms.id} h3`).text(), 'SMS-betaling virker igjen');
    assert.equal($(`#note-${sms.id} p`).first().text(), 'Betaling med SMS henger ikke lenger.');
    assert.equal($('a[href="/feeds/fixed.atom?lang=nb"]').text(), 'Offentlig nyhetsstrøm (Atom)');
  });

  it("opens a published note's public page for anyone, accessible in both languages; the case history names each step", async () => {
    const sms = await note(keys.sms.key);
    for (const [path, heading] of [[`/fixed/notes/${sms.id}`, sms.title], [`/fixed/notes/${sms.id}?lang=nb`, 'SMS-betaling virker igjen']] as const) {
      const res = await supertest(t.app).get(path).set('Accept', 'text/html').expect(200);
      assertAccessible(res.text, path);
      assert.equal(html(res.text)('h1').text(), heading);
    }
    const signedIn = html((await agent.get(`/fixed/notes/${sms.id}`).expect(200)).text);
    assert.equal(signedIn('main a[href="/fixed"]').length, 1, 'signed-in readers go on to the agents\' page');
    const $ = html((await analyst.get(`/cases/${keys.image.id}?lang=nb`).expect(200)).text);
    const steps = $('#history tbody tr')
      .toArray()
      .map((row) => $(row).find('td').toArray().slice(2).map((cell) => $(cell).text()))
      .filter(([field]) => field!.includes('«fikset»') || field!.includes('«Fikset»'))
      .reverse();
    assert.deepEqual(steps, [
      ['«Fikset»-meldingen', '', 'draft'],
      ['«Fikset»-meldingen', 'draft', 'published'],
      ['«Fikset»-meldingen', 'published', 'withdrawn'],
      ['Hvorfor «fikset»-meldingen ble trukket tilbake', '', 'Wrong wording'],
    ]);
  });
});
