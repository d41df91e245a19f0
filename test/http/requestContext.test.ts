import assert from 'node:assert/strict';
import { withoutSecrets } from '../../src/http/requestContext.ts';

describe('request log', () => {
  it('never writes a set-up link secret, and leaves other paths alone', () => {
    assert.equal(withoutSecrets('/setup/3q2-ab_CD'), '/setup/:token');
    assert.equal(withoutSecrets('/setup/3q2-ab_CD?lang=nb'), '/setup/:token?lang=nb');
    assert.equal(withoutSecrets('/api/v1/spikes/12'), '/api/v1/spikes/12');
    assert.equal(withoutSecrets('/log?setup=/setup/x'), '/log?setup=/setup/x');
  });
});
