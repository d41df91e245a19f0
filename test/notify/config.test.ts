import assert from 'node:assert/strict';
import { tmpdir } from 'node:os';
import { ConfigError, loadConfig } from '../../src/config.ts';
import { cronProblem } from '../../src/notify/cron.ts';
import { backoffMs, parseRetryAfter } from '../../src/notify/backoff.ts';

describe('notification settings', () => {
  it('has defaults: digest Monday and Thursday 08:00, scan every minute, growth 1.5×, six attempts', () => {
    const config = loadConfig({});
    assert.equal(config.DIGEST_CRON, '0 8 * * 1,4');
    assert.equal(config.NOTIFY_SCAN_SECONDS, 60);
    assert.equal(config.NOTIFY_GROWTH_FACTOR, 1.5);
    assert.equal(config.NOTIFY_MAX_ATTEMPTS, 6);
    assert.equal(config.PUBLIC_BASE_URL, 'http://localhost:3000');
    assert.equal(config.SMTP_URL, undefined);
    assert.equal(config.NOTIFY_TEMPLATES_DIR, undefined);
    assert.match(config.NOTIFY_FROM, /@/);
    assert.equal(loadConfig({ PUBLIC_BASE_URL: 'https://pp.example.no/' }).PUBLIC_BASE_URL, 'https://pp.example.no', 'no trailing slash');
    assert.equal(loadConfig({ NOTIFY_TEMPLATES_DIR: tmpdir() }).NOTIFY_TEMPLATES_DIR, tmpdir());
  });

  it('names every bad notification variable and why', () => {
    assert.throws(
      () =>
        loadConfig({
          SMTP_URL: 'mail.example.com',
          PUBLIC_BASE_URL: 'pp.example.no',
          DIGEST_CRON: '0 25 * * 1',
          NOTIFY_SCAN_SECONDS: '0',
          NOTIFY_GROWTH_FACTOR: '1',
          NOTIFY_MAX_ATTEMPTS: 'many',
          NOTIFY_TEMPLATES_DIR: '/no/such/dir',
        }),
      (error: unknown) => {
        assert.ok(error instanceof ConfigError);
        assert.match(error.message, /SMTP_URL: must be an smtp:\/\/ or smtps:\/\/ URL/);
        assert.match(error.message, /PUBLIC_BASE_URL: must be an http/);
        assert.match(error.message, /DIGEST_CRON: hour field "25" is outside 0–23/);
        assert.match(error.message, /NOTIFY_SCAN_SECONDS: /);
        assert.match(error.message, /NOTIFY_GROWTH_FACTOR: must be more than 1/);
        assert.match(error.message, /NOTIFY_MAX_ATTEMPTS: /);
        assert.match(error.message, /NOTIFY_TEMPLATES_DIR: must be an existing directory/);
        assert.equal(error.problems.length, 7);
        return true;
      },
    );
  });

  it('accepts five-field cron expressions and explains the rest', () => {
    for (const ok of ['0 8 * * 1,4', '*/15 6-18 * * 1-5', '30 7 1 */2 0', '0 0 * * 7']) assert.equal(cronProblem(ok), undefined, ok);
    assert.match(cronProblem('0 8 * *')!, /5 fields/);
    assert.match(cronProblem('0 8 * * MON')!, /day of week field "MON"/);
    assert.match(cronProblem('60 8 * * 1')!, /minute .* outside 0–59/);
    assert.match(cronProblem('0 8 * * 5-1')!, /backwards range/);
    assert.match(cronProblem('*/0 8 * * 1')!, /step of 0/);
  });

  it('backs off 1, 4, 16, 64 minutes … up to six hours, and reads Retry-After as seconds or a date', () => {
    assert.deepEqual([1, 2, 3, 4, 5, 6, 7].map((n) => backoffMs(n) / 60_000), [1, 4, 16, 64, 256, 360, 360]);
    const asOf = new Date('2026-11-20T12:00:00Z');
    assert.equal(parseRetryAfter('120', asOf), 120_000);
    assert.equal(parseRetryAfter('Fri, 20 Nov 2026 12:05:00 GMT', asOf), 300_000);
    assert.equal(parseRetryAfter('Fri, 20 Nov 2026 11:00:00 GMT', asOf), 0, 'a date in the past means now');
    assert.equal(parseRetryAfter('9999999', asOf), 24 * 3_600_000, 'at most a day');
    assert.equal(parseRetryAfter(null, asOf), undefined);
    assert.equal(parseRetryAfter('soon', asOf), undefined);
  });
});
