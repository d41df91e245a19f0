import assert from 'node:assert/strict';

/** Asserts |actual − expected| ≤ relative · |expected| (exact equality for 0 and Infinity). */
export function assertClose(actual: number, expected: number, relative = 1e-9, what = 'value'): void {
  if (expected === 0 || !Number.isFinite(expected)) {
    assert.equal(actual, expected, `${what}: ${actual} ≠ ${expected}`);
    return;
  }
  assert.ok(Math.abs(actual - expected) <= relative * Math.abs(expected), `${what}: ${actual} ≠ ${expected} (relative ${relative})`);
}
