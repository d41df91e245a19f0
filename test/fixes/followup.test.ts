import assert from 'node:assert/strict';
import { caseInProgress, logDaily, runFollowup, series } from '../followups/support.ts';
import { createCaseWorld, type CaseWorld } from './support.ts';

describe('a fixed note drafted when the last follow-up resolves the case', () => {
  let w: CaseWorld;
  after(() => w.t.close());

  it('drafts the note in the same step, with the measured change, and nothing for a case the follow-up reopens', async () => {
    w = await createCaseWorld();
    w.t.setNow('2026-11-20T12:00:00Z');
    await logDaily(w.t, [
      ...series('2026-10-20', 'sms-payment', 'torget', Array(21).fill(20)),
      ...series('2026-11-10', 'sms-payment', 'torget', Array(8).fill(2)),
      ...series('2026-10-20', 'login', 'torget', Array(29).fill(30)),
    ]);
    const fixed = await caseInProgress(w, { title: 'SMS payment hangs', topics: ['sms-payment'], markets: ['torget'], target: { metric: 'ratePerDay', max: 5 } });
    await w.ux.as.post(`/api/v1/cases/${fixed.key}/fix-shipped`).send({ shippedAt: '2026-11-10T10:00:00Z', offsetsDays: [7] }).expect(200);
    const unfixed = await caseInProgress(w, { title: 'Login loops', topics: ['login'], markets: ['torget'], target: { metric: 'ratePerDay', max: 5 } });
    await w.ux.as.post(`/api/v1/cases/${unfixed.key}/fix-shipped`).send({ shippedAt: '2026-11-10T10:00:00Z', offsetsDays: [7] }).expect(200);

    assert.equal(await runFollowup(w.t, { caseId: fixed.id, offsetDays: 7, asOfDay: '2026-11-17' }), 'done');
    assert.equal(await runFollowup(w.t, { caseId: unfixed.id, offsetDays: 7, asOfDay: '2026-11-17' }), 'done');

    assert.equal((await w.ux.as.get(`/api/v1/cases/${fixed.key}`).expect(200)).body.status, 'resolved');
    const { body: measurements } = await w.ux.as.get(`/api/v1/cases/${fixed.key}/measurements`).expect(200);
    const sentence = measurements.measurements.at(-1).sentence.en as string;
    const { body: note } = await w.ux.as.get(`/api/v1/cases/${fixed.key}/fixed-note`).expect(200);
    assert.equal(note.status, 'draft');
    assert.ok(note.body.endsWith(`\n\nMeasured: ${sentence}`), note.body);
    assert.match(sentence, /^SMS payment, Torget: 20\.0 → 2\.0 a day/);

    assert.equal((await w.ux.as.get(`/api/v1/cases/${unfixed.key}`).expect(200)).body.status, 'reopened');
    await w.ux.as.get(`/api/v1/cases/${unfixed.key}/fixed-note`).expect(404);
  });
});
