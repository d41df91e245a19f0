import assert from 'node:assert/strict';
import * as cheerio from 'cheerio';
import supertest from 'supertest';
import { createCaseWorld, resolvedCase, type CaseWorld } from './support.ts';

const ATOM = 'http://www.w3.org/2005/Atom';
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

interface ParsedEntry {
  id: string;
  title: string;
  updated: string;
  published: string;
  links: Array<{ rel: string | undefined; href: string | undefined }>;
  content: string;
  contentType: string | undefined;
}

/** Reads the feed as XML and checks what RFC 4287 requires of a feed and each entry. */
function parseAtom(xml: string): { id: string; updated: string; selfLink: string | undefined; title: string; entries: ParsedEntry[] } {
  const $ = cheerio.load(xml, { xml: true });
  const feed = $('feed');
  assert.equal(feed.length, 1, 'one feed element');
  assert.equal(feed.attr('xmlns'), ATOM);
  for (const required of ['id', 'title', 'updated']) assert.equal(feed.children(required).length, 1, `feed has one ${required}`);
  assert.ok(feed.children('author').length === 1, 'the feed names an author, so entries need none');
  const entries = feed.children('entry').toArray().map((element) => {
    const entry = $(element);
    for (const required of ['id', 'title', 'updated']) assert.equal(entry.children(required).length, 1, `entry has one ${required}`);
    return {
      id: entry.children('id').text(),
      title: entry.children('title').text(),
      updated: entry.children('updated').text(),
      published: entry.children('published').text(),
      links: entry.children('link').toArray().map((link) => ({ rel: $(link).attr('rel'), href: $(link).attr('href') })),
      content: entry.children('content').text(),
      contentType: entry.children('content').attr('type'),
    };
  });
  for (const entry of entries) {
    assert.match(entry.updated, RFC3339);
    assert.match(entry.published, RFC3339);
  }
  assert.equal(new Set(entries.map((e) => e.id)).size, entries.length, 'entry ids are unique');
  return {
    id: feed.children('id').text(),
    updated: feed.children('updated').text(),
    selfLink: feed.children('link[rel="self"]').attr('href'),
    title: feed.children('title').text(),
    entries,
  };
}

describe('the public Atom feed of what we fixed', () => {
  let w: CaseWorld;
  const keys: Record<string, string> = {};
  const feed = (query = '') => supertest(w.t.app).get(`/feeds/fixed.atom${query}`);

  before(async () => {
    w = await createCaseWorld();
    for (const [name, title] of [
      ['sms', 'SMS payment hangs'],
      ['image', 'Image upload fails <for some>'],
      ['draft', 'Card declined'],
    ] as const) {
      keys[name] = (await resolvedCase(w, { title })).key;
    }
  });
  after(() => w.t.close());

  it('is public and empty while nothing is approved: drafts never reach customers', async () => {
    const res = await feed().expect(200);
    assert.match(res.headers['content-type']!, /^application\/atom\+xml; charset=utf-8/);
    const parsed = parseAtom(res.text);
    assert.deepEqual(parsed.entries, []);
    assert.equal(parsed.id, 'http://localhost:3000/feeds/fixed.atom');
    assert.equal(parsed.selfLink, 'http://localhost:3000/feeds/fixed.atom');
    assert.equal(parsed.updated, '1970-01-01T00:00:00.000Z', 'never changed');
  });

  it('carries each published note with a permanent id, its publication time and a link, newest first', async () => {
    w.t.setNow('2026-11-24T09:00:00Z');
    const sms = await w.ux.as.post(`/api/v1/cases/${keys.sms}/fixed-note/approve`).expect(200);
    w.t.setNow('2026-11-25T09:30:00Z');
    const image = await w.ux.as.post(`/api/v1/cases/${keys.image}/fixed-note/approve`).expect(200);
    const parsed = parseAtom((await feed().expect(200)).text);
    assert.equal(parsed.title, 'What we fixed');
    assert.equal(parsed.updated, '2026-11-25T09:30:00.000Z');
    assert.deepEqual(
      parsed.entries.map((e) => [e.id, e.updated, e.links[0]!.href]),
      [
        [`urn:pinchpoint:fixed-note:${image.body.id}`, '2026-11-25T09:30:00.000Z', `http://localhost:3000/fixed/notes/${image.body.id}`],
        [`urn:pinchpoint:fixed-note:${sms.body.id}`, '2026-11-24T09:00:00.000Z', `http://localhost:3000/fixed/notes/${sms.body.id}`],
      ],
    );
    const [imageEntry] = parsed.entries;
    // type="html": the text is escaped HTML, so a reader shows "<for some>" as text, never as markup.
    assert.equal(imageEntry!.title, 'Fixed: Image upload fails &lt;for some&gt;');
    assert.equal(imageEntry!.contentType, 'html');
    assert.equal(
      imageEntry!.content,
      '<p>What was wrong: SMS payments hang; 24 inquiries on 1 November.</p><p>What we fixed: SMS payment inquiries back at their September level.</p>',
    );
  });

  it('drops a withdrawn note, and takes it back as the same entry with a newer time when re-approved', async () => {
    w.t.setNow('2026-11-25T15:00:00Z');
    const withdrawn = await w.ux.as.post(`/api/v1/cases/${keys.sms}/fixed-note/withdraw`).send({ reason: 'Wording' }).expect(200);
    let parsed = parseAtom((await feed().expect(200)).text);
    assert.equal(parsed.updated, '2026-11-25T15:00:00.000Z', 'a withdrawal changes the feed');
    assert.ok(!parsed.entries.some((e) => e.id === `urn:pinchpoint:fixed-note:${withdrawn.body.id}`));
    assert.equal(parsed.entries.length, 1);
    w.t.setNow('2026-11-26T08:00:00Z');
    await w.ux.as.post(`/api/v1/cases/${keys.sms}/fixed-note/approve`).expect(200);
    parsed = parseAtom((await feed().expect(200)).text);
    const entry = parsed.entries.find((e) => e.id === `urn:pinchpoint:fixed-note:${withdrawn.body.id}`)!;
    assert.equal(entry.updated, '2026-11-26T08:00:00.000Z');
    assert.equal(entry.published, '2026-11-24T09:00:00.000Z');
  });

  it('shows the Bokmål text with ?lang=nb where a note has one, else the English', async () => {
    await w.ux.as.post(`/api/v1/cases/${keys.image}/fixed-note/withdraw`).expect(200);
    const note = await w.ux.as.get(`/api/v1/cases/${keys.image}/fixed-note`).expect(200);
    await w.ux.as
      .patch(`/api/v1/cases/${keys.image}/fixed-note`)
      .set('If-Match', note.headers.etag!)
      .send({ nb: { title: 'Bildeopplasting virker igjen', body: 'Nå går det.\n\nTakk for at du sa fra.' } })
      .expect(200);
    await w.ux.as.post(`/api/v1/cases/${keys.image}/fixed-note/approve`).expect(200);
    const parsed = parseAtom((await feed('?lang=nb').expect(200)).text);
    assert.equal(parsed.title, 'Dette har vi fikset');
    assert.equal(parsed.selfLink, 'http://localhost:3000/feeds/fixed.atom?lang=nb');
    const titles = parsed.entries.map((e) => e.title);
    assert.deepEqual(titles, ['Bildeopplasting virker igjen', 'Fixed: SMS payment hangs']);
    assert.equal(parsed.entries[0]!.content, '<p>Nå går det.</p><p>Takk for at du sa fra.</p>');
    assert.match(parsed.entries[0]!.links[0]!.href!, /^http:\/\/localhost:3000\/fixed\/notes\/\d+\?lang=nb$/);
  });

  it("links each entry to a public page of the note, which shows its texts and nothing of the case", async () => {
    const parsed = parseAtom((await feed('?lang=nb').expect(200)).text);
    const href = new URL(parsed.entries[0]!.links[0]!.href!);
    const page = await supertest(w.t.app).get(`${href.pathname}${href.search}`).set('Accept', 'text/html').expect(200);
    const $ = cheerio.load(page.text);
    assert.equal($('h1').text(), 'Bildeopplasting virker igjen');
    assert.deepEqual($('article p').map((_, p) => $(p).text()).get().slice(1), ['Nå går det.', 'Takk for at du sa fra.']);
    assert.equal($('nav.site-nav a').length, 0, 'no navigation for the signed-out');
    assert.equal($('a[href^="/cases/"]').length, 0, 'nothing of the case');
    assert.equal($('a[href="/feeds/fixed.atom?lang=nb"]').length, 1);
    const english = await supertest(w.t.app).get(href.pathname).set('Accept', 'text/html').expect(200);
    assert.equal(cheerio.load(english.text)('h1').text(), 'Fixed: Image upload fails <for some>');
  });

  it('answers 404 for a draft, a withdrawn note, an unknown id and a malformed one, alike', async () => {
    const draft = await w.ux.as.get(`/api/v1/cases/${keys.draft}/fixed-note`).expect(200);
    assert.equal(draft.body.status, 'draft');
    const withdrawn = await w.ux.as.post(`/api/v1/cases/${keys.sms}/fixed-note/withdraw`).send({ reason: 'Wording' }).expect(200);
    for (const id of [draft.body.id, withdrawn.body.id, 999_999, 'abc', '1e3', '-1']) {
      const res = await supertest(w.t.app).get(`/fixed/notes/${id}`).set('Accept', 'text/html').expect(404);
      assert.doesNotMatch(res.text, /Card declined|SMS payment/, `${id}: nothing of the note leaks`);
    }
  });
});
