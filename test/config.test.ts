import assert from 'node:assert/strict';
import { ConfigError, loadConfig } from '../src/config.ts';

describe('configuration', () => {
  it('has defaults that run the embedded database', () => {
    const config = loadConfig({});
    assert.equal(config.DATABASE_URL, undefined);
    assert.equal(config.DATA_DIR, './data');
    assert.equal(config.TZ_NAME, 'Europe/Oslo');
    assert.equal(config.PORT, 3000);
    assert.equal(config.HOLIDAY_COUNTRY, 'NO');
    assert.equal(loadConfig({ HOLIDAY_COUNTRY: 'se' }).HOLIDAY_COUNTRY, 'SE');
  });

  it('treats empty variables as unset', () => {
    assert.equal(loadConfig({ DATABASE_URL: '', PORT: '' }).PORT, 3000);
  });

  it('names every bad variable and why', () => {
    assert.throws(
      () => loadConfig({ PORT: 'eighty', TZ_NAME: 'Europe/Atlantis', DATABASE_URL: 'mysql://x', ROLE: 'boss', HOLIDAY_COUNTRY: 'XX' }),
      (error: unknown) => {
        assert.ok(error instanceof ConfigError);
        assert.match(error.message, /PORT: .*"eighty"/);
        assert.match(error.message, /TZ_NAME: must be an IANA time zone/);
        assert.match(error.message, /DATABASE_URL: must be a postgres:\/\//);
        assert.match(error.message, /ROLE: /);
        assert.match(error.message, /HOLIDAY_COUNTRY: must be a country code/);
        assert.equal(error.problems.length, 5);
        return true;
      },
    );
  });
});
