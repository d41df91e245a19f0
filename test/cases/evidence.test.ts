import assert from 'node:assert/strict';
import { createCaseWorld, type CaseWorld } from './support.ts';

describe('case evidence snapshot', () => {
  let w: CaseWorld;
  before(async () => {
    w = await createCaseWorld();
    const items: object[] = [];
    const add = (day: string, topic: string, market: string, n: number, note?: (i: number) => string) => {
      for (let i = 0; i < n; i++) {
        items.push({ receivedAt: `${day}T${String(8 + (i % 10)).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}:00`, topic, market, ...(note ? { note: note(i) } : {}) });
      }
    };
    add('2026-09-20', 'sms-payment', 'torget', 9); // before the 8-week window
    add('2026-10-01', 'sms-payment', 'torget', 3);
    add('2026-11-01', 'sms-payment', 'torget', 24, (i) => `peak note ${i}`);
    add('2026-11-02', 'card-payment', 'torget', 4);
    add('2026-11-02', 'sms-payment', 'bil', 5); // another market
    add('2026-11-10', 'login', 'torget', 69);
    await w.t.as('admin').post('/api/v1/inquiries').send({ inquiries: items }).expect(201);
    w.t.setNow('2026-11-20T12:00:00Z');
  });
  after(() => w.t.close());

  it('freezes 8 weeks of counts, share, peak and the newest notes at creation, with live figures beside it', async () => {
    const { body: created } = await w.ux.as
      .post('/api/v1/cases')
      .send({ title: 'Payment problems on Torget', topics: ['payment'], markets: ['torget'] })
      .expect(201);
    const evidence = created.evidence;
    assert.equal(evidence.from, '2026-09-26');
    assert.equal(evidence.to, '2026-11-20');
    assert.equal(evidence.daily.length, 56);
    assert.deepEqual(evidence.daily.find((d: { day: string }) => d.day === '2026-10-01'), { day: '2026-10-01', count: 3 });
    // payment includes sms-payment and card-payment, in Torget only: 3 + 24 + 4.
    assert.equal(evidence.total, 31);
    assert.equal(evidence.allInquiries, 100); // 31 + 69 login, Torget only
    assert.equal(evidence.share, 0.31);
    assert.deepEqual(evidence.peak, { day: '2026-11-01', count: 24 });
    assert.equal(evidence.expectedPerDay, null);
    assert.equal(evidence.notes.length, 20);
    assert.equal(evidence.notes[0].note, 'peak note 19'); // 17:19, the newest
    assert.deepEqual(evidence.topics, ['payment']);

    // New inquiries change the live figures, never the snapshot.
    w.t.setNow('2026-11-21T12:00:00Z');
    await w.t.as('agent').post('/api/v1/inquiries').send({ receivedAt: '2026-11-21T09:00:00', topic: 'sms-payment', market: 'torget' }).expect(201);
    const { body: later } = await w.t.as('leader').get(`/api/v1/cases/${created.id}`).expect(200);
    assert.deepEqual(later.evidence, evidence);
    assert.equal(later.liveEvidence.to, '2026-11-21');
    assert.equal(later.liveEvidence.total, 32);
  });

  it('has no snapshot for a case without topics', async () => {
    const { body } = await w.ux.as.post('/api/v1/cases').send({ title: 'Vague complaint' }).expect(201);
    assert.equal(body.evidence, null);
  });
});
