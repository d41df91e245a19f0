import assert from 'node:assert/strict';
import { addDays } from '../../src/time.ts';
import { assertNoViolations, createSyncWorld, drain, readyCase, type SyncWorld } from '../trackers/syncSupport.ts';
import { logDaily, runFollowup, type DailyRow } from './support.ts';

describe('follow-ups on the tracker issue', function () {
  // Octokit's throttling spaces writes to GitHub a second apart.
  this.timeout(60_000);
  let world: SyncWorld;
  beforeEach(async () => {
    world = await createSyncWorld();
  });
  afterEach(async () => {
    assertNoViolations(world);
    await world.close();
  });

  it('posts each follow-up as a comment on the case’s GitHub issue, through the tracker outbox', async () => {
    const rows: DailyRow[] = [];
    for (let day = '2025-12-01'; day <= '2025-12-31'; day = addDays(day, 1)) {
      const upload = day <= '2025-12-20' ? 30 : 4;
      rows.push({ day, topic: 'image-upload', market: 'torget', count: upload }, { day, topic: 'login', market: 'torget', count: 100 - upload });
    }
    await logDaily(world.t, rows);
    const { caseId } = await readyCase(world);
    await world.t.as('analyst').post(`/api/v1/cases/${caseId}/tracker-links`).send({ connection: 'ads' }).expect(201);
    await drain(world);
    await world.t.as('analyst').post(`/api/v1/cases/${caseId}/status`).send({ status: 'in_progress' }).expect(200);
    await world.t.as('analyst').post(`/api/v1/cases/${caseId}/fix-shipped`).send({ shippedAt: '2025-12-20T14:00:00+01:00' }).expect(200);

    assert.equal(await runFollowup(world.t, { caseId, offsetDays: 7, asOfDay: '2025-12-27' }), 'done');
    const { written } = await drain(world);
    assert.ok(written >= 1);
    const comment = world.github.comments.find((c) => c.body?.includes('Follow-up measurement'));
    assert.ok(comment, `a follow-up comment on the issue (comments: ${world.github.comments.map((c) => c.body?.slice(0, 40)).join(' | ')})`);
    assert.match(comment.body ?? '', new RegExp(`\\*\\*Follow-up measurement for case PP\\\\?-${caseId}\\*\\*`));
    // GitHub Markdown: the tracker escapes our text, so ":" and "(" arrive as "\:" and "\(".
    assert.match(comment.body ?? '', /Image upload, Torget\\: 30 % → 4 % of all inquiries \\\(−87 %, 95 % CI −91 % to −81 %\\\), a clear fall; target of at most 5 % of all inquiries met/);
    assert.match(comment.body ?? '', /before \(2025\\-12\\-06 to 2025\\-12\\-19\): 420 inquiries, 30 a day, 30 % of all/);
    assert.match(comment.body ?? '', /after \(2025\\-12\\-21 to 2025\\-12\\-27\): 28 inquiries, 4 a day, 4 % of all/);
    assert.match(comment.body ?? '', /target \(at most 5 % of all inquiries\): met/);
  });
});
