import assert from 'node:assert/strict';
import { kindForStatus, parseRetryAfterMs } from '../../src/trackers/errors.ts';

describe('tracker errors', () => {
  const now = new Date('2026-01-05T09:00:00Z');

  it('reads Retry-After in seconds or as an HTTP date', () => {
    assert.equal(parseRetryAfterMs({ 'Retry-After': '3' }, now), 3000);
    assert.equal(parseRetryAfterMs({ 'retry-after': '0.5' }, now), 500);
    assert.equal(parseRetryAfterMs({ 'retry-after': 'Mon, 05 Jan 2026 09:00:10 GMT' }, now), 10_000);
  });

  it('reads X-RateLimit-Reset as GitHub epoch seconds or a Jira ISO time, never negative', () => {
    assert.equal(parseRetryAfterMs({ 'x-ratelimit-reset': String(now.getTime() / 1000 + 60) }, now), 60_000);
    assert.equal(parseRetryAfterMs({ 'x-ratelimit-reset': '2026-01-05T09:00:01.250Z' }, now), 1250);
    assert.equal(parseRetryAfterMs({ 'x-ratelimit-reset': String(now.getTime() / 1000 - 60) }, now), 0);
  });

  it('prefers Retry-After and says nothing when no header is usable', () => {
    assert.equal(parseRetryAfterMs({ 'retry-after': '2', 'x-ratelimit-reset': String(now.getTime() / 1000 + 60) }, now), 2000);
    assert.equal(parseRetryAfterMs({ 'retry-after': 'soon' }, now), null);
    assert.equal(parseRetryAfterMs({}, now), null);
    assert.equal(parseRetryAfterMs(undefined, now), null);
  });

  it('maps statuses to kinds', () => {
    assert.deepEqual([401, 403, 404, 410, 429, 408, 500, 502, 503, 400, 409, 422].map(kindForStatus), [
      'auth', 'auth', 'not_found', 'not_found', 'rate_limited', 'unavailable', 'unavailable', 'unavailable', 'unavailable', 'invalid', 'invalid', 'invalid',
    ]);
  });
});
