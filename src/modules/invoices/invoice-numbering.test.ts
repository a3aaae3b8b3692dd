/**
 * Gapless invoice numbers under load: 50 drafts finalized at once through the API (plus a
 * second, racing finalize of ten of them) give exactly the numbers 1..50, no gap, no
 * duplicate, and every racing duplicate is told invoice_not_draft. On PostgreSQL
 * (TEST_DATABASE_URL) the requests overlap on separate connections; on the embedded
 * database they queue on its one connection, and the outcome must be the same.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { createTestApp, signUpTenant, type StaffSession, type TestApp } from '../../../test/helpers/app.ts';
import { makeCustomer } from '../../../test/helpers/factories.ts';
import { withTenant } from '../../db/tenancy.ts';
import { caller, type Problem } from './invoice-test-kit.ts';

describe('invoice numbering under concurrency', () => {
  let t: TestApp;
  let owner: StaffSession;
  before(async () => {
    t = await createTestApp({ poolMax: 12 });
    owner = await signUpTenant(t, { companyName: 'Numbered Net' });
  });
  after(async () => {
    await t.close();
  });

  it('50 concurrent finalizations give exactly INV-000001..INV-000050', async () => {
    const api = caller(t, owner);
    // Five customers, so finalizations queue on the same customer lock and on the counter.
    const customers = await Promise.all(Array.from({ length: 5 }, () => makeCustomer(t, owner)));
    const drafts: string[] = [];
    for (let i = 0; i < 50; i += 1) {
      const customer = customers[i % customers.length]!;
      const draft = await api.expect<{ id: string }>(201, 'POST', '/api/v1/invoices', { customerId: customer.id, lines: [{ kind: 'other', description: `Item ${i}`, unitPrice: `${i + 1}.00` }] });
      drafts.push(draft.id);
    }

    const requests = [...drafts, ...drafts.slice(0, 10)].map((id) => api.call('POST', `/api/v1/invoices/${id}/finalize`));
    const responses = await Promise.all(requests);
    const ok = responses.filter((r) => r.statusCode === 200);
    const refused = responses.filter((r) => r.statusCode !== 200);
    assert.equal(ok.length, 50, responses.map((r) => `${r.statusCode} ${r.body.slice(0, 120)}`).join('\n'));
    assert.deepEqual(
      refused.map((r) => [r.statusCode, r.json<Problem>().code]),
      Array.from({ length: 10 }, () => [409, 'invoice_not_draft']),
    );

    const numbers = ok.map((r) => r.json<{ number: string }>().number).sort();
    assert.deepEqual(numbers, Array.from({ length: 50 }, (_, i) => `INV-${String(i + 1).padStart(6, '0')}`));
    const stored = await withTenant(t.app.db, owner.tenantId, async (trx) => {
      const r = await sql<{ seq: number }>`select number_seq as seq from invoices where tenant_id = ${owner.tenantId} order by number_seq`.execute(trx);
      return r.rows.map((row) => Number(row.seq));
    });
    assert.deepEqual(stored, Array.from({ length: 50 }, (_, i) => i + 1));
  });
});
