import assert from 'node:assert/strict';
import supertest from 'supertest';
import { outcomeOf, type Decision } from '../../src/cases/triage.ts';
import { CASE_STATUSES, type CaseStatus } from '../../src/cases/schemas.ts';
import type { TestApp } from '../support/app.ts';
import { createCaseWorld, refined, type CaseWorld } from './support.ts';

/** The moves that bring a new case to each status through the workflow API. */
const PATH: Record<CaseStatus, CaseStatus[]> = {
  new: [],
  refining: ['refining'],
  ready: ['refining', 'ready'],
  in_progress: ['refining', 'ready', 'in_progress'],
  fix_shipped: ['refining', 'ready', 'in_progress', 'fix_shipped'],
  verifying: ['refining', 'ready', 'in_progress', 'fix_shipped', 'verifying'],
  resolved: ['refining', 'ready', 'in_progress', 'fix_shipped', 'verifying', 'resolved'],
  reopened: ['refining', 'ready', 'in_progress', 'fix_shipped', 'verifying', 'reopened'],
  dropped: ['dropped'],
};

/** Opens a refined case with a decision and walks it to a status, as an analyst would. */
export async function caseIn(world: CaseWorld, input: { status: CaseStatus; decision: Decision | null; market?: string; title?: string }): Promise<number> {
  const analyst = world.ux.as;
  const { body } = await analyst
    .post('/api/v1/cases')
    .send({ title: input.title ?? `${input.status} / ${input.decision ?? 'undecided'}`, topics: ['sms-payment'], markets: [input.market ?? 'torget'], decision: input.decision, ...refined(world.ux.id) })
    .expect(201);
  await analyst.post(`/api/v1/cases/${body.id}/actions`).send({ title: 'Raise the supplier timeout' }).expect(201);
  for (const status of PATH[input.status]) {
    await analyst.post(`/api/v1/cases/${body.id}/status`).send({ status, ...(status === 'dropped' ? { reason: 'not ours to fix' } : {}) }).expect(200);
  }
  return body.id as number;
}

const DECISIONS: Array<Decision | null> = ['now', 'later', 'discuss', null];

describe('triage: cases by decision and outcome', () => {
  describe('outcomeOf', () => {
    it('reads the status first, then the decision, for every status and decision', () => {
      const table = Object.fromEntries(CASE_STATUSES.map((status) => [status, DECISIONS.map((decision) => outcomeOf(status, decision))]));
      // Columns: now, later, discuss, none.
      assert.deepEqual(table, {
        new: ['being_improved', 'scheduled_later', 'to_discuss', 'to_discuss'],
        refining: ['being_improved', 'scheduled_later', 'to_discuss', 'to_discuss'],
        ready: ['being_improved', 'being_improved', 'being_improved', 'being_improved'],
        in_progress: ['being_improved', 'being_improved', 'being_improved', 'being_improved'],
        fix_shipped: ['being_improved', 'being_improved', 'being_improved', 'being_improved'],
        verifying: ['being_improved', 'being_improved', 'being_improved', 'being_improved'],
        resolved: ['solved', 'solved', 'solved', 'solved'],
        reopened: ['being_improved', 'scheduled_later', 'to_discuss', 'to_discuss'],
        dropped: ['dropped', 'dropped', 'dropped', 'dropped'],
      });
    });
  });

  describe('GET /api/v1/cases/triage', function () {
    this.timeout(120_000);
    let world: CaseWorld;
    let t: TestApp;
    before(async () => {
      world = await createCaseWorld();
      t = world.t;
      t.setNow('2026-11-10T12:00:00Z');
      for (const status of CASE_STATUSES) for (const decision of DECISIONS) await caseIn(world, { status, decision });
      // Two older cases in another market; one opened at 00:30 on 1 November in Oslo (23:30 UTC the day before).
      t.setNow('2026-10-31T23:30:00Z');
      await caseIn(world, { status: 'new', decision: 'discuss', market: 'bil', title: 'Oslo midnight' });
      t.setNow('2026-10-05T09:00:00Z');
      await caseIn(world, { status: 'resolved', decision: 'later', market: 'bil', title: 'Early October' });
      t.setNow('2026-11-23T12:00:00Z');
    });
    after(() => t.close());

    it('counts every case in one outcome, with dropped cases beside the four (hand-computed)', async () => {
      const { body } = await t.as('agent').get('/api/v1/cases/triage').expect(200);
      // 38 cases: per decision, resolved → solved; ready, in_progress, fix_shipped, verifying → being improved;
      // new, refining, reopened follow the decision; dropped beside. Plus bil: one new/discuss, one resolved/later.
      assert.deepEqual(body.outcomes, { solved: 5, being_improved: 16 + 3, scheduled_later: 3, to_discuss: 3 + 3 + 1, dropped: 4 });
      assert.equal(body.total, 34);
      const byDecision = Object.fromEntries(body.byDecision.map((g: { decision: string; counts: unknown }) => [g.decision, g.counts]));
      assert.deepEqual(byDecision, {
        now: { solved: 1, being_improved: 7, scheduled_later: 0, to_discuss: 0, dropped: 1, total: 8 },
        later: { solved: 2, being_improved: 4, scheduled_later: 3, to_discuss: 0, dropped: 1, total: 9 },
        discuss: { solved: 1, being_improved: 4, scheduled_later: 0, to_discuss: 4, dropped: 1, total: 9 },
        none: { solved: 1, being_improved: 4, scheduled_later: 0, to_discuss: 3, dropped: 1, total: 8 },
      });
      assert.equal(body.cases.length, 38);
      const dropped = body.cases.filter((c: { outcome: string }) => c.outcome === 'dropped');
      assert.deepEqual(dropped.map((c: { status: string }) => c.status), ['dropped', 'dropped', 'dropped', 'dropped']);
      const reopenedLater = body.cases.find((c: { title: string }) => c.title === 'reopened / later');
      assert.equal(reopenedLater.outcome, 'scheduled_later');
      assert.match(reopenedLater.key, /^PP-\d+$/);
      assert.equal(reopenedLater.owner, 'Kari Nordmann');
      assert.match(body.method, /dropped → dropped/);
    });

    it('filters by the day a case was opened in the organisation\'s time zone, by market and by topic', async () => {
      const get = async (query: string) => (await t.as('leader').get(`/api/v1/cases/triage?${query}`).expect(200)).body;
      const november = await get('from=2026-11-01');
      assert.equal(november.cases.length, 37, 'the case opened at 00:30 Oslo time on 1 November is in November');
      assert.ok(november.cases.some((c: { title: string }) => c.title === 'Oslo midnight'));
      const october = await get('from=2026-10-01&to=2026-10-31');
      assert.deepEqual(october.cases.map((c: { title: string }) => c.title), ['Early October']);
      assert.deepEqual(october.outcomes, { solved: 1, being_improved: 0, scheduled_later: 0, to_discuss: 0, dropped: 0 });
      const bil = await get('market=bil');
      assert.equal(bil.total, 2);
      assert.deepEqual(bil.filters, { from: null, to: null, market: 'bil', topic: null });
      assert.equal((await get('topic=payment')).cases.length, 38, 'a topic includes its sub-topics');
      assert.equal((await get('topic=login')).cases.length, 0);
    });

    it('is not read as a case id, and refuses a bad query with 400 naming the field', async () => {
      const bad = async (query: string, field: RegExp) => {
        const { body } = await t.as('agent').get(`/api/v1/cases/triage?${query}`).expect(400);
        assert.equal(body.error.code, 'INVALID_INPUT');
        assert.match(body.error.message, field);
      };
      await bad('from=2026-13-01', /from: must be a date/);
      await bad('to=yesterday', /to: must be a date/);
      await bad('from=2026-11-10&to=2026-11-01', /to: must not be before from/);
      await bad('market=Not%20a%20key', /market: must be 1–64 characters/);
      await bad('market=oslo', /market: unknown market "oslo"/);
      await bad('topic=nope', /topic: unknown topic "nope"/);
    });

    it('needs a token that may read cases', async () => {
      await t.as('ingest').get('/api/v1/cases/triage').expect(403);
      await supertest(t.app).get('/api/v1/cases/triage').expect(401);
    });
  });
});
