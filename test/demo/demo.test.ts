import assert from 'node:assert/strict';
import { demoDefaultLastDay, generateDemoInquiries } from '../../src/demo/generate.ts';
import { loadDemo } from '../../src/demo/load.ts';
import { storyFigures } from '../../src/demo/stories.ts';
import { rollupMismatches } from '../../src/inquiries/service.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';

describe('demo data set', function () {
  this.timeout(180_000);
  let db: TestDatabase;
  before(async () => {
    db = await createTestDatabase();
  });
  after(() => db.close());

  it('is the same on every run', () => {
    const first = [...generateDemoInquiries({ lastDay: '2026-11-22', timeZone: 'Europe/Oslo' })];
    const second = [...generateDemoInquiries({ lastDay: '2026-11-22', timeZone: 'Europe/Oslo' })];
    assert.deepEqual(second.slice(0, 50), first.slice(0, 50));
    assert.equal(second.length, first.length);
    assert.equal(first.at(-1)?.externalId, second.at(-1)?.externalId);
  });

  it('runs up to yesterday in the organisation\'s time zone, and never ends before both stories fit', () => {
    // 23:30 UTC on 5 December is already 6 December in Oslo, so yesterday there is the 5th.
    assert.equal(demoDefaultLastDay(new Date('2026-12-05T23:30:00Z'), 'Europe/Oslo'), '2026-12-05');
    assert.equal(demoDefaultLastDay(new Date('2026-12-05T23:30:00Z'), 'UTC'), '2026-12-04');
    assert.equal(demoDefaultLastDay(new Date('2026-11-10T12:00:00Z'), 'Europe/Oslo'), '2026-11-16');
  });

  it('shows both FINN stories when read back through the volume statistics', async () => {
    const loaded = await loadDemo(db.pool, { lastDay: '2026-11-22', timeZone: 'Europe/Oslo', asOf: new Date('2026-11-23T12:00:00Z') });
    assert.ok(loaded.created > 40_000, `a realistic volume (${loaded.created})`);
    const { imageUpload, smsPayment } = await storyFigures(db.pool, 'Europe/Oslo');
    // Image upload: ~30 % of inquiries in November, ~4 % in January, about −87 %.
    assert.ok(imageUpload.novemberShare > 0.27 && imageUpload.novemberShare < 0.33, `November share ${imageUpload.novemberShare}`);
    assert.ok(imageUpload.januaryShare > 0.025 && imageUpload.januaryShare < 0.055, `January share ${imageUpload.januaryShare}`);
    assert.ok(imageUpload.change < -0.82 && imageUpload.change > -0.92, `change ${imageUpload.change}`);
    // SMS payment: 3–4 a day in September, 24 on 1 November, then back to the old level (about −80 %).
    assert.ok(smsPayment.septemberPerDay >= 3 && smsPayment.septemberPerDay <= 4.5, `September ${smsPayment.septemberPerDay}`);
    assert.equal(smsPayment.peakDayCount, 24);
    assert.ok(Math.abs(smsPayment.twoWeeksAfterFixPerDay - smsPayment.septemberPerDay) < 1.5, 'back to the old level');
    assert.ok(smsPayment.change < -0.72 && smsPayment.change > -0.88, `change ${smsPayment.change}`);
    assert.deepEqual(await rollupMismatches(db.pool), []);
  });

  it('adds nothing when loaded twice', async () => {
    const again = await loadDemo(db.pool, { lastDay: '2026-11-22', timeZone: 'Europe/Oslo', asOf: new Date('2026-11-23T12:00:00Z') });
    assert.equal(again.created, 0);
    assert.equal(again.duplicates, again.generated);
  });
});
