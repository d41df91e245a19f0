import assert from 'node:assert/strict';
import { queueDigests } from '../../src/notify/service.ts';
import { createCaseWorld, resolvedCase, type CaseWorld } from './support.ts';

interface DigestRow {
  name: string;
  day: string;
  body: string;
  html: string | null;
}

async function digests(w: CaseWorld, day: string): Promise<Record<string, DigestRow>> {
  const result = await w.t.db.pool.query<DigestRow>(
    `SELECT t.name, to_char(d.day, 'YYYY-MM-DD') AS day, d.body, d.html FROM notification_deliveries d JOIN notification_targets t ON t.id = d.target_id
     WHERE d.kind = 'digest' AND d.day = $1`,
    [day],
  );
  return Object.fromEntries(result.rows.map((row) => [row.name, row]));
}

/** The "What we fixed" section of a plain-text digest. */
const fixedSection = (body: string) => body.slice(body.indexOf('WHAT WE FIXED'), body.indexOf('You receive this'));

describe('the digest tells agents what was fixed since the last one', () => {
  let w: CaseWorld;
  const keys: Record<string, string> = {};

  before(async () => {
    w = await createCaseWorld();
    w.t.setNow('2026-11-18T12:00:00Z');
    const publish = async (name: string, at: string, body: Record<string, unknown>) => {
      keys[name] = (await resolvedCase(w, body)).key;
      w.t.setNow(at);
      await w.ux.as.post(`/api/v1/cases/${keys[name]}/fixed-note/approve`).expect(200);
    };
    await publish('sms', '2026-11-18T12:00:00Z', { title: 'SMS payment hangs', topics: ['sms-payment'], markets: ['torget'] });
    await publish('login', '2026-11-21T09:00:00Z', { title: 'Login loops <again>', topics: ['login'], markets: ['bil'] });
    keys.draft = (await resolvedCase(w, { title: 'Card declined', topics: ['card-payment'], markets: ['torget'] })).key;
    const add = async (name: string, extra: object) =>
      w.t.as('admin').post('/api/v1/notification-targets').send({ name, kind: 'email', address: `${name}@example.no`, ...extra }).expect(201);
    await add('all', {});
    await add('payment', { topic: 'payment' });
    await add('bil', { market: 'bil' });
  });
  after(() => w.t.close());

  it("Monday's first digest lists the notes published in the week before, for each target's scope, never drafts", async () => {
    await queueDigests(w.t.ctx, new Date('2026-11-23T07:00:00Z'));
    const monday = await digests(w, '2026-11-23');
    const all = fixedSection(monday.all!.body);
    assert.match(all, /^WHAT WE FIXED \(2\)/);
    assert.match(all, new RegExp(`- ${keys.sms} Fixed: SMS payment hangs\\n  What was wrong: SMS payments hang; 24 inquiries on 1 November\\.`));
    assert.match(all, new RegExp(`- ${keys.login} Fixed: Login loops <again>`));
    assert.match(all, /http:\/\/localhost:3000\/fixed\/notes\/\d+/);
    assert.ok(!all.includes('Card declined'), 'a draft is not announced');
    assert.match(fixedSection(monday.payment!.body), new RegExp(`^WHAT WE FIXED \\(1\\)\\n- ${keys.sms} `));
    assert.match(fixedSection(monday.bil!.body), new RegExp(`^WHAT WE FIXED \\(1\\)\\n- ${keys.login} `));
    // The HTML part escapes what people wrote.
    assert.match(monday.all!.html!, /<h3>What we fixed \(2\)<\/h3>/);
    assert.match(monday.all!.html!, /Fixed: Login loops &lt;again&gt;/);
  });

  it("Thursday's digest has only what was published since Monday's", async () => {
    w.t.setNow('2026-11-24T10:00:00Z');
    await w.ux.as.post(`/api/v1/cases/${keys.draft}/fixed-note/approve`).expect(200);
    await queueDigests(w.t.ctx, new Date('2026-11-26T07:00:00Z'));
    const thursday = await digests(w, '2026-11-26');
    assert.match(fixedSection(thursday.all!.body), new RegExp(`^WHAT WE FIXED \\(1\\)\\n- ${keys.draft} Fixed: Card declined`));
    assert.match(fixedSection(thursday.payment!.body), new RegExp(`^WHAT WE FIXED \\(1\\)\\n- ${keys.draft} `));
    assert.equal(fixedSection(thursday.bil!.body), 'WHAT WE FIXED (0)\n- nothing new since the last digest\n\n');
  });
});
