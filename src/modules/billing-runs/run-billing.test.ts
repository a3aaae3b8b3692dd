import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { createTestApp, signUpTenant, type StaffSession, type TestApp } from '../../../test/helpers/app.ts';
import { makeCustomer, makePlan, makeService } from '../../../test/helpers/factories.ts';
import { withTenant } from '../../db/tenancy.ts';
import { ALL_PERMISSIONS } from '../roles/permissions.ts';
import type { Actor } from '../context.ts';
import { runBilling } from './run-billing.ts';

const clerk: Actor = { type: 'system', id: null, label: 'test clerk', isOwner: false, permissions: new Set(ALL_PERMISSIONS) };

describe('billing run', () => {
  let t: TestApp;
  let owner: StaffSession;
  before(async () => {
    t = await createTestApp();
    owner = await signUpTenant(t);
  });
  after(() => t.close());

  const deps = () => ({ db: t.app.db, now: t.clock.now });
  const q = <R>(query: ReturnType<typeof sql<R>>) => withTenant(t.app.db, owner.tenantId, async (trx) => (await query.execute(trx)).rows);

  it('bills each due service once per period, catches up late periods, and a second run makes nothing', async () => {
    const plan = await makePlan(t, owner, { price_minor: 150000 });
    const customers = await Promise.all([1, 2, 3].map(() => makeCustomer(t, owner)));
    const services = [];
    for (const c of customers) services.push(await makeService(t, owner, { customerId: c.id, planId: plan.id, start_on: '2026-09-15' }));
    // A service that starts after the billing date is not due yet.
    await makeService(t, owner, { customerId: customers[0]!.id, planId: plan.id, start_on: '2026-12-01' });

    const first = await runBilling(deps(), owner.tenantId, clerk, { billOn: '2026-11-15', trigger: 'cli', batchSize: 2 });
    // Sep 15, Oct 15 and Nov 15 periods for three services.
    assert.equal(first.invoicesCreated, 9);
    assert.deepEqual(first.totals, { PHP: 9 * 150000 });
    const again = await runBilling(deps(), owner.tenantId, clerk, { billOn: '2026-11-15', trigger: 'cli' });
    assert.equal(again.invoicesCreated, 0);

    const invoices = await q(sql<{ number_seq: number; period_start: string; period_end: string; total_minor: number }>`
      select number_seq, period_start, period_end, total_minor from invoices order by number_seq`);
    assert.deepEqual(invoices.map((i) => i.number_seq), [1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const periods = new Set(invoices.map((i) => `${i.period_start}..${i.period_end}`));
    assert.deepEqual([...periods].sort(), ['2026-09-15..2026-10-15', '2026-10-15..2026-11-15', '2026-11-15..2026-12-15']);
    const [ledger] = await q(sql<{ sum: string; n: string }>`select sum(amount_minor)::text as sum, count(*)::text as n from ledger_entries`);
    assert.equal(ledger?.sum, String(9 * 150000));
    assert.equal(ledger?.n, '9');
    const runs = await q(sql<{ status: string; invoices_created: number }>`select status, invoices_created from billing_runs order by started_at`);
    assert.deepEqual(runs.map((r) => [r.status, r.invoices_created]), [['completed', 9], ['completed', 0]]);
  });
});
