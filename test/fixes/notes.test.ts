import assert from 'node:assert/strict';
import { caseInProgress } from '../followups/support.ts';
import { createCaseWorld, resolvedCase, type CaseWorld } from './support.ts';

describe('fixed notes: drafted on resolve, approved by a person, then published', () => {
  let w: CaseWorld;
  before(async () => {
    w = await createCaseWorld();
  });
  after(() => w.t.close());

  it('drafts a note from the case the moment a person resolves it', async () => {
    const sms = await resolvedCase(w);
    const { body, headers } = await w.ux.as.get(`/api/v1/cases/${sms.key}/fixed-note`).expect(200);
    assert.equal(headers.etag, `"${body.version}"`);
    assert.equal(body.status, 'draft');
    assert.equal(body.caseKey, sms.key);
    assert.equal(body.title, 'Fixed: SMS payment hangs');
    assert.equal(
      body.body,
      'What was wrong: SMS payments hang; 24 inquiries on 1 November.\n\nWhat we fixed: SMS payment inquiries back at their September level.',
    );
    assert.equal(body.nb, null);
    assert.equal(body.draftedBy, 'pinchpoint');
    assert.equal(body.publishedAt, null);
  });

  it('does not draft before the case is resolved, and a draft by hand needs a resolved case', async () => {
    const open = await caseInProgress(w, { title: 'Still open', topics: ['login'] });
    await w.ux.as.get(`/api/v1/cases/${open.key}/fixed-note`).expect(404);
    const refused = await w.ux.as.post(`/api/v1/cases/${open.key}/fixed-note`).expect(409);
    assert.match(refused.body.error.message, /in_progress; a fixed note is drafted once the case is resolved/);
  });

  it('keeps drafts from agents and leaders: the list and the case show only what is published', async () => {
    const sms = await resolvedCase(w, { title: 'Drafts are private' });
    await w.agent.as.get(`/api/v1/cases/${sms.key}/fixed-note`).expect(404);
    const list = await w.t.as('leader').get('/api/v1/fixed-notes').expect(200);
    assert.deepEqual(list.body.notes, []);
    await w.t.as('agent').get('/api/v1/fixed-notes?status=draft').expect(403);
    const all = await w.ux.as.get('/api/v1/fixed-notes?status=draft').expect(200);
    assert.ok(all.body.notes.some((n: { caseKey: string }) => n.caseKey === sms.key));
    await w.agent.as.post(`/api/v1/cases/${sms.key}/fixed-note/approve`).expect(403);
    await w.agent.as.patch(`/api/v1/cases/${sms.key}/fixed-note`).set('If-Match', '"1"').send({ title: 'x' }).expect(403);
  });

  it('publishes only on approval, which an analyst gives, and then everyone reads it', async () => {
    const sms = await resolvedCase(w, { title: 'Image upload fails' });
    const approved = await w.ux.as.post(`/api/v1/cases/${sms.key}/fixed-note/approve`).expect(200);
    assert.equal(approved.body.status, 'published');
    assert.equal(approved.body.approvedBy, 'Kari Nordmann');
    assert.equal(approved.body.publishedAt, w.t.ctx.now().toISOString());
    const agentView = await w.agent.as.get(`/api/v1/cases/${sms.key}/fixed-note`).expect(200);
    assert.equal(agentView.body.title, 'Fixed: Image upload fails');
    const list = await w.t.as('agent').get('/api/v1/fixed-notes').expect(200);
    assert.deepEqual(list.body.notes.map((n: { caseKey: string }) => n.caseKey), [sms.key]);
    const again = await w.ux.as.post(`/api/v1/cases/${sms.key}/fixed-note/approve`).expect(409);
    assert.match(again.body.error.message, /already published/);
  });

  it('edits with the version it was loaded at; a stale version is a 412 that changes nothing', async () => {
    const sms = await resolvedCase(w, { title: 'Edited note' });
    const loaded = await w.ux.as.get(`/api/v1/cases/${sms.key}/fixed-note`).expect(200);
    const edited = await w.ux.as
      .patch(`/api/v1/cases/${sms.key}/fixed-note`)
      .set('If-Match', loaded.headers.etag!)
      .send({ title: 'SMS payment works again', nb: { title: 'SMS-betaling virker igjen', body: 'Betaling med SMS henger ikke lenger.' } })
      .expect(200);
    assert.equal(edited.body.version, loaded.body.version + 1);
    assert.equal(edited.body.title, 'SMS payment works again');
    assert.equal(edited.body.body, loaded.body.body);
    assert.deepEqual(edited.body.nb, { title: 'SMS-betaling virker igjen', body: 'Betaling med SMS henger ikke lenger.' });
    const stale = await w.ux.as.patch(`/api/v1/cases/${sms.key}/fixed-note`).set('If-Match', loaded.headers.etag!).send({ title: 'Lost update' }).expect(412);
    assert.equal(stale.body.error.details.current.title, 'SMS payment works again');
    await w.ux.as.patch(`/api/v1/cases/${sms.key}/fixed-note`).send({ title: 'No version' }).expect(428);
    const staleApproval = await w.ux.as.post(`/api/v1/cases/${sms.key}/fixed-note/approve`).set('If-Match', loaded.headers.etag!).expect(412);
    assert.match(staleApproval.body.error.message, /changed since you loaded it/);
    const after = await w.ux.as.get(`/api/v1/cases/${sms.key}/fixed-note`).expect(200);
    assert.equal(after.body.title, 'SMS payment works again');
    assert.equal(after.body.status, 'draft');
  });

  it('refuses bad texts by name and keeps the note as it was', async () => {
    const sms = await resolvedCase(w, { title: 'Bad input' });
    const { headers } = await w.ux.as.get(`/api/v1/cases/${sms.key}/fixed-note`).expect(200);
    const patch = (body: unknown) => w.ux.as.patch(`/api/v1/cases/${sms.key}/fixed-note`).set('If-Match', headers.etag!).send(body as object);
    const empty = await patch({ title: '   ' }).expect(422);
    assert.deepEqual(empty.body.error.details, ['title: must not be empty']);
    const long = await patch({ body: 'x'.repeat(4001) }).expect(422);
    assert.deepEqual(long.body.error.details, ['body: at most 4000 characters']);
    const halfNb = await patch({ nb: { title: 'Bare tittel' } }).expect(422);
    assert.match(halfNb.body.error.message, /nb\.body/);
    const unknown = await patch({ status: 'published' }).expect(422);
    assert.match(unknown.body.error.message, /status/);
    await patch({}).expect(422);
    const reason = await w.ux.as.post(`/api/v1/cases/${sms.key}/fixed-note/withdraw`).send({ reason: 'r'.repeat(501) }).expect(422);
    assert.match(reason.body.error.message, /reason: at most 500 characters/);
    await w.ux.as.get('/api/v1/fixed-notes?status=lost').expect(400);
    await w.ux.as.get('/api/v1/cases/PP-x/fixed-note').expect(400);
    await w.ux.as.get('/api/v1/cases/99999/fixed-note').expect(404);
    const unchanged = await w.ux.as.get(`/api/v1/cases/${sms.key}/fixed-note`).expect(200);
    assert.equal(unchanged.headers.etag, headers.etag);
  });

  it("refuses to approve a note whose case was reopened: only a fix that held is announced", async () => {
    const sms = await resolvedCase(w, { title: 'Came back' });
    await w.ux.as.post(`/api/v1/cases/${sms.key}/status`).send({ status: 'reopened' }).expect(200);
    const refused = await w.ux.as.post(`/api/v1/cases/${sms.key}/fixed-note/approve`).expect(409);
    assert.match(refused.body.error.message, /is reopened, not resolved/);
    assert.equal((await w.ux.as.get(`/api/v1/cases/${sms.key}/fixed-note`).expect(200)).body.status, 'draft');
  });

  it('withdraws a published note (it leaves the list), refuses edits while published, and re-publishes after an edit', async () => {
    const sms = await resolvedCase(w, { title: 'Withdrawn' });
    const published = await w.ux.as.post(`/api/v1/cases/${sms.key}/fixed-note/approve`).expect(200);
    const locked = await w.ux.as.patch(`/api/v1/cases/${sms.key}/fixed-note`).set('If-Match', published.headers.etag!).send({ title: 'Live edit' }).expect(409);
    assert.match(locked.body.error.message, /withdraw it before editing/);
    const withdrawn = await w.ux.as.post(`/api/v1/cases/${sms.key}/fixed-note/withdraw`).send({ reason: 'Wording' }).expect(200);
    assert.deepEqual([withdrawn.body.status, withdrawn.body.withdrawnReason, withdrawn.body.withdrawnBy], ['withdrawn', 'Wording', 'Kari Nordmann']);
    const list = await w.agent.as.get('/api/v1/fixed-notes').expect(200);
    assert.ok(!list.body.notes.some((n: { caseKey: string }) => n.caseKey === sms.key));
    await w.agent.as.get(`/api/v1/cases/${sms.key}/fixed-note`).expect(404);
    await w.ux.as.patch(`/api/v1/cases/${sms.key}/fixed-note`).set('If-Match', withdrawn.headers.etag!).send({ title: 'Better wording' }).expect(200);
    const again = await w.ux.as.post(`/api/v1/cases/${sms.key}/fixed-note/approve`).expect(200);
    assert.equal(again.body.status, 'published');
    assert.equal(again.body.title, 'Better wording');
    assert.equal(again.body.withdrawnAt, null);
  });

  it('a case resolved again keeps its note, and drafting by hand when one exists is a 409', async () => {
    const sms = await resolvedCase(w, { title: 'Resolved twice' });
    const first = await w.ux.as.get(`/api/v1/cases/${sms.key}/fixed-note`).expect(200);
    await w.ux.as.patch(`/api/v1/cases/${sms.key}/fixed-note`).set('If-Match', first.headers.etag!).send({ body: 'Our own words.' }).expect(200);
    for (const status of ['reopened', 'in_progress', 'fix_shipped', 'verifying', 'resolved']) {
      await w.ux.as.post(`/api/v1/cases/${sms.key}/status`).send({ status }).expect(200);
    }
    assert.equal((await w.ux.as.get(`/api/v1/cases/${sms.key}/fixed-note`).expect(200)).body.body, 'Our own words.');
    const dup = await w.ux.as.post(`/api/v1/cases/${sms.key}/fixed-note`).expect(409);
    assert.equal(dup.body.error.details.current.body, 'Our own words.');
  });

  it("writes every step of the note into the case's history, without making the case stale", async () => {
    const sms = await resolvedCase(w, { title: 'History of a note' });
    const caseBefore = await w.ux.as.get(`/api/v1/cases/${sms.key}`).expect(200);
    const note = await w.ux.as.get(`/api/v1/cases/${sms.key}/fixed-note`).expect(200);
    const edited = await w.ux.as
      .patch(`/api/v1/cases/${sms.key}/fixed-note`)
      .set('If-Match', note.headers.etag!)
      .send({ title: 'SMS payment works again', nb: { title: 'SMS-betaling virker igjen', body: 'Nå går det.' } })
      .expect(200);
    // The same texts once more: nothing changes, so no new version and no history line.
    const same = await w.ux.as.patch(`/api/v1/cases/${sms.key}/fixed-note`).set('If-Match', edited.headers.etag!).send({ title: 'SMS payment works again' }).expect(200);
    assert.equal(same.headers.etag, edited.headers.etag);
    await w.ux.as.post(`/api/v1/cases/${sms.key}/fixed-note/approve`).expect(200);
    await w.ux.as.post(`/api/v1/cases/${sms.key}/fixed-note/withdraw`).send({ reason: 'Wrong market' }).expect(200);

    const { body } = await w.ux.as.get(`/api/v1/cases/${sms.key}/history`).expect(200);
    const lines = (body.history as Array<{ field: string; actor: string; before: unknown; after: unknown }>).filter((h) => h.field.startsWith('fixedNote'));
    assert.deepEqual(
      lines.map((h) => [h.field, h.actor, h.before, h.field === 'fixedNoteText' ? (h.after as { title: string }).title : h.after]),
      [
        ['fixedNote', 'pinchpoint', null, 'draft'],
        ['fixedNoteText', 'Kari Nordmann', { title: 'Fixed: History of a note', body: note.body.body }, 'SMS payment works again'],
        ['fixedNote', 'Kari Nordmann', 'draft', 'published'],
        ['fixedNote', 'Kari Nordmann', 'published', 'withdrawn'],
        ['fixedNoteReason', 'Kari Nordmann', null, 'Wrong market'],
      ],
    );
    assert.deepEqual((lines[1]!.after as { nb: unknown }).nb, { title: 'SMS-betaling virker igjen', body: 'Nå går det.' });
    const caseAfter = await w.ux.as.get(`/api/v1/cases/${sms.key}`).expect(200);
    assert.equal(caseAfter.headers.etag, caseBefore.headers.etag, 'an open case form stays current');
  });
});
