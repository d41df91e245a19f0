import assert from 'node:assert/strict';
import { addDays, dayOf, daysInclusive, isValidDay, parseInstant } from '../src/time.ts';

describe('time', () => {
  const oslo = 'Europe/Oslo';

  it('reads wall-clock times in the organisation zone, across daylight saving', () => {
    assert.equal(parseInstant('2026-07-01T10:00', oslo)?.toISOString(), '2026-07-01T08:00:00.000Z'); // CEST, +02
    assert.equal(parseInstant('2026-12-01 10:00:00', oslo)?.toISOString(), '2026-12-01T09:00:00.000Z'); // CET, +01
    assert.equal(parseInstant('2026-03-29', oslo)?.toISOString(), '2026-03-28T23:00:00.000Z');
  });

  it('keeps explicit offsets and fractions', () => {
    assert.equal(parseInstant('2026-11-01T09:30:00.25+05:30', oslo)?.toISOString(), '2026-11-01T04:00:00.250Z');
    assert.equal(parseInstant('2026-11-01T09:30:00Z', oslo)?.toISOString(), '2026-11-01T09:30:00.000Z');
    assert.equal(parseInstant('2026-11-01T09:30:00+0100', oslo)?.toISOString(), '2026-11-01T08:30:00.000Z');
  });

  it('refuses what is not a real calendar time', () => {
    for (const bad of ['2026-02-30', '2026-13-01', '2026-11-01T24:00', '01.11.2026', 'yesterday', '', '2026-11-01T10:00+25']) {
      assert.equal(parseInstant(bad, oslo), undefined, bad);
    }
  });

  it('cuts days in the zone and counts them as labels', () => {
    assert.equal(dayOf(new Date('2026-11-20T23:30:00Z'), oslo), '2026-11-21');
    assert.equal(dayOf(new Date('2026-11-20T23:30:00Z'), 'UTC'), '2026-11-20');
    assert.equal(addDays('2026-03-28', 2), '2026-03-30');
    assert.equal(daysInclusive('2026-11-01', '2026-11-30'), 30);
    assert.ok(isValidDay('2028-02-29'));
    assert.ok(!isValidDay('2026-02-29'));
    // Years before 1000 are typos; JavaScript would read 0026 as 1926, and PostgreSQL has no year 0.
    assert.ok(!isValidDay('0000-01-01') && !isValidDay('0026-11-15') && !isValidDay('0999-12-31'));
    assert.ok(isValidDay('1000-01-01'));
    assert.equal(parseInstant('0026-11-15T10:00:00', 'Europe/Oslo'), undefined);
  });
});
