import assert from 'node:assert/strict';
import { DEMO_PLACES, generateDemoAnswers, loadDemoJourney } from '../../src/demo/journey.ts';
import { loadDemo } from '../../src/demo/load.ts';
import { IMAGE_UPLOAD_FIX_SHIPPED, SMS_PEAK_AND_FIX } from '../../src/demo/generate.ts';
import { experienceBeforeAfter } from '../../src/surveys/beforeAfter.ts';
import { listTopicPlaces } from '../../src/journey/service.ts';
import * as taxonomy from '../../src/taxonomy/service.ts';
import { addDays } from '../../src/time.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';

describe('demo journey and survey answers', function () {
  this.timeout(180_000);
  let db: TestDatabase;
  const asOf = new Date('2026-11-23T12:00:00Z');
  before(async () => {
    db = await createTestDatabase();
    await loadDemo(db.pool, { lastDay: '2026-11-22', timeZone: 'Europe/Oslo', asOf });
  });
  after(() => db.close());

  it('is the same on every run', () => {
    const first = [...generateDemoAnswers({ lastDay: '2026-11-22', timeZone: 'Europe/Oslo' })];
    const second = [...generateDemoAnswers({ lastDay: '2026-11-22', timeZone: 'Europe/Oslo' })];
    assert.deepEqual(second.slice(0, 50), first.slice(0, 50));
    assert.equal(second.length, first.length);
    assert.equal(new Set(first.map((a) => a.externalId)).size, first.length, 'every answer has its own id');
  });

  it('places the topics in the journey and loads the answers; a second run adds nothing', async () => {
    const loaded = await loadDemoJourney(db.pool, { lastDay: '2026-11-22', timeZone: 'Europe/Oslo', asOf });
    assert.ok(loaded.created > 5000 && loaded.created === loaded.answers, `answers ${loaded.created}`);
    const places = await listTopicPlaces(db.pool);
    for (const [topic, phase] of DEMO_PLACES) {
      assert.equal(places.find((p) => p.topic === topic)?.phase, phase, topic);
    }
    const again = await loadDemoJourney(db.pool, { lastDay: '2026-11-22', timeZone: 'Europe/Oslo', asOf });
    assert.equal(again.created, 0);
  });

  it("tells the image-upload story in NPS too: detractors while uploads failed, a clear rise after the fix", async () => {
    const topicIds = [...(await taxonomy.resolveKeys(db.pool, 'topics', ['image-upload'])).values()];
    const fix = IMAGE_UPLOAD_FIX_SHIPPED;
    const experience = await experienceBeforeAfter(db.pool, {
      topicIds,
      marketIds: [],
      before: { from: addDays(fix, -14), to: addDays(fix, -1) },
      after: { from: addDays(fix, 15), to: addDays(fix, 28) },
      timeZone: 'Europe/Oslo',
    });
    const { before, after } = experience;
    assert.ok(!before.nps.insufficient && !after.nps.insufficient, 'enough answers on both sides');
    if (before.nps.insufficient || after.nps.insufficient) return;
    assert.ok(before.nps.nps < 0, `NPS before ${before.nps.nps}`);
    assert.ok(after.nps.nps > 10, `NPS after ${after.nps.nps}`);
    assert.equal(experience.change.nps?.significant, true);
  });

  it('tells the SMS-payment story in NPS in Torget, where SMS payment exists: detractors while it failed, back after the fix', async () => {
    const topicIds = [...(await taxonomy.resolveKeys(db.pool, 'topics', ['sms-payment'])).values()];
    const marketIds = [...(await taxonomy.resolveKeys(db.pool, 'markets', ['torget'])).values()];
    const fix = SMS_PEAK_AND_FIX;
    // The windows of the SMS case's 14-day follow-up: 14 days before the fix day and 14 days after it,
    // at the product's own minimum sample, so the case page and report show NPS on both sides.
    const experience = await experienceBeforeAfter(db.pool, {
      topicIds,
      marketIds,
      before: { from: addDays(fix, -14), to: addDays(fix, -1) },
      after: { from: addDays(fix, 1), to: addDays(fix, 14) },
      timeZone: 'Europe/Oslo',
    });
    const { before, after } = experience;
    assert.ok(!before.nps.insufficient && !after.nps.insufficient, `enough answers on both sides (${before.nps.n}, ${after.nps.n})`);
    if (before.nps.insufficient || after.nps.insufficient) return;
    assert.ok(before.nps.nps < 0, `NPS before ${before.nps.nps}`);
    assert.ok(after.nps.nps > 0, `NPS after ${after.nps.nps}`);
  });
});
