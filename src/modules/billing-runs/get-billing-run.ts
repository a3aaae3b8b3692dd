/** One billing run and the invoices it made (the first 500, newest number last). */
import { notFound } from '../../lib/errors.ts';
import { assertCan, type TenantContext } from '../context.ts';
import { findBillingRun, type BillingRunRow } from './billing-runs-repository.ts';
import { isUuid } from '../../db/tenancy.ts';

export interface BillingRunInvoice {
  id: string;
  number: string;
  customerId: string;
  customerName: string;
  periodStart: string | null;
  periodEnd: string | null;
  totalMinor: number;
  status: string;
}

const SHOWN = 500;

export async function getBillingRun(ctx: TenantContext, input: { id: string }): Promise<{ run: BillingRunRow; invoices: BillingRunInvoice[] }> {
  assertCan(ctx.actor, 'billing.read');
  if (!isUuid(input.id)) throw notFound('billing run');
  const run = await findBillingRun(ctx.trx, ctx.tenantId, input.id);
  if (!run) throw notFound('billing run');
  const rows = await ctx.trx
    .selectFrom('invoices as i')
    .innerJoin('customers as c', (j) => j.onRef('c.tenant_id', '=', 'i.tenant_id').onRef('c.id', '=', 'i.customer_id'))
    .select(['i.id', 'i.number', 'i.customer_id', 'c.display_name', 'i.period_start', 'i.period_end', 'i.total_minor', 'i.status'])
    .where('i.tenant_id', '=', ctx.tenantId)
    .where('i.billing_run_id', '=', run.id)
    .orderBy('i.number_seq')
    .limit(SHOWN)
    .execute();
  return {
    run,
    invoices: rows.map((r) => ({
      id: r.id,
      number: r.number ?? '',
      customerId: r.customer_id,
      customerName: r.display_name,
      periodStart: r.period_start,
      periodEnd: r.period_end,
      totalMinor: r.total_minor,
      status: r.status,
    })),
  };
}
