import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { formatApiKey, formatTenantToken, hashSecret, newSecret, parseApiKey, parseTenantToken } from './tokens.ts';

const TENANT = '0b6f2c1e-9a7d-4c1b-8e2f-3d4c5b6a7980';

describe('tokens', () => {
  it('round-trips tenant tokens and API keys', () => {
    const secret = newSecret();
    assert.deepEqual(parseTenantToken(formatTenantToken(TENANT, secret)), { tenantId: TENANT, secret });
    const key = formatApiKey(TENANT, secret);
    assert.match(key, /^lm_[0-9a-f]{32}_/);
    assert.deepEqual(parseApiKey(key), { tenantId: TENANT, secret });
  });

  it('rejects malformed values instead of guessing', () => {
    for (const bad of [undefined, '', 'abc', `${TENANT}`, `${TENANT}.`, `not-a-uuid-at-all-000000000000000000.${newSecret()}`, `${TENANT}.short`, `${TENANT}.has spaces in it ok`]) {
      assert.equal(parseTenantToken(bad), undefined, String(bad));
    }
    for (const bad of ['', 'lm_', `lm_${'0'.repeat(31)}_${newSecret()}`, `xx_${TENANT.replaceAll('-', '')}_${newSecret()}`]) {
      assert.equal(parseApiKey(bad), undefined, bad);
    }
  });

  it('hashes deterministically and never returns the secret', () => {
    const secret = newSecret();
    assert.equal(hashSecret(secret), hashSecret(secret));
    assert.notEqual(hashSecret(secret), secret);
    assert.match(hashSecret(secret), /^[0-9a-f]{64}$/);
  });
});
