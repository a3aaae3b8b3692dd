/**
 * Money for the demo company, through the same use cases staff use: 12% VAT (inclusive,
 * the Philippine way) on the standard tax class, a billing run for today, payments for
 * about two in three of the open invoices (cash, GCash, Maya, bank transfer, each with a
 * receipt), and a month of prepaid time for the active prepaid services that have none.
 * Running it again bills nothing twice and pays only what is still open.
 */
import { sql } from 'kysely';
import type { Database } from '../db/database.ts';
import { withTenant } from '../db/tenancy.ts';
import { minorToMajorText } from '../lib/money.ts';
import type { Actor, TenantContext } from '../modules/context.ts';
import { runBilling } from '../modules/billing-runs/run-billing.ts';
import { recordPayment } from '../modules/payments/record-payment.ts';
import { buyPrepaidTopUp } from '../modules/payments/buy-prepaid-time.ts';
import { loadBillingSettings } from '../modules/billing/billing-settings.ts';
import { pricePerPeriodMinor } from '../modules/services/service-price.ts';
import { seededRandom } from './seed-demo-data.ts';

export interface DemoBillingDeps {
  db: Database;
  tenantId: string;
  actor: Actor;
  now: () => Date;
}

const METHODS = [
  { method: 'cash', prefix: '' },
  { method: 'gcash', prefix: 'GC' },
  { method: 'maya', prefix: 'MY' },
  { method: 'bank_transfer', prefix: 'BDO' },
] as const;

export async function seedDemoBilling(deps: DemoBillingDeps): Promise<{ invoices: number; payments: number; topUps: number }> {
  const inTenant = <T>(fn: (ctx: TenantContext) => Promise<T>) =>
    withTenant(deps.db, deps.tenantId, (trx) => fn({ tenantId: deps.tenantId, actor: deps.actor, trx, now: deps.now }));
  await inTenant((ctx) =>
    sql`insert into tax_rates (tenant_id, tax_class, name, rate_ppm, inclusive)
        values (${ctx.tenantId}, 'standard', 'VAT', 120000, true) on conflict (tenant_id, tax_class) do nothing`.execute(ctx.trx),
  );
  const run = await runBilling({ db: deps.db, now: deps.now }, deps.tenantId, deps.actor, { trigger: 'cli' });

  const random = seededRandom(4242);
  const open = await inTenant(async (ctx) => {
    const currency = (await loadBillingSettings(ctx.trx, ctx.tenantId)).currency;
    const rows = await sql<{ customer_id: string; due: string }>`
      select i.customer_id, sum(i.total_minor - coalesce((select sum(a.amount_minor) from allocations a where a.tenant_id = i.tenant_id and a.invoice_id = i.id), 0))::text as due
        from invoices i
       where i.tenant_id = ${ctx.tenantId} and i.status in ('open', 'partially_paid')
       group by i.customer_id order by i.customer_id`.execute(ctx.trx);
    return { currency, rows: rows.rows };
  });
  let payments = 0;
  for (const [i, row] of open.rows.entries()) {
    if (random() > 0.67) continue;
    const how = METHODS[i % METHODS.length] ?? METHODS[0];
    await inTenant((ctx) =>
      recordPayment(ctx, {
        customerId: row.customer_id,
        amount: minorToMajorText(Number(row.due), open.currency),
        method: how.method,
        reference: how.prefix ? `${how.prefix}${String(100000 + i * 7919).slice(-6)}` : '',
      }),
    );
    payments += 1;
  }

  const prepaid = await inTenant(async (ctx) => {
    const currency = (await loadBillingSettings(ctx.trx, ctx.tenantId)).currency;
    const rows = await ctx.trx
      .selectFrom('services as s')
      .innerJoin('service_plans as p', (j) => j.onRef('p.tenant_id', '=', 's.tenant_id').onRef('p.id', '=', 's.plan_id'))
      .select(['s.id', 'p.price_minor', 's.price_override_minor', 's.discount_minor'])
      .where('s.tenant_id', '=', ctx.tenantId)
      .where('s.billing_mode', '=', 'prepaid')
      .where('s.status', '=', 'active')
      .where('s.billed_until', 'is', null)
      .execute();
    return { currency, rows };
  });
  let topUps = 0;
  for (const s of prepaid.rows) {
    const price = pricePerPeriodMinor({ planPriceMinor: s.price_minor, priceOverrideMinor: s.price_override_minor, discountMinor: s.discount_minor });
    if (price <= 0) continue;
    await inTenant((ctx) => buyPrepaidTopUp(ctx, { serviceId: s.id, amount: minorToMajorText(price, prepaid.currency), method: 'gcash', reference: `GC${String(200000 + topUps * 104729).slice(-6)}` }));
    topUps += 1;
  }
  return { invoices: run.invoicesCreated, payments, topUps };
}
