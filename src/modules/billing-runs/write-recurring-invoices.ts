/**
 * The billing run's writes for one batch, set-based: each statement takes the whole batch
 * as arrays (unnest), so a batch of thousands of services costs a handful of round trips.
 * All of it runs in the batch's tenant transaction: a batch is written whole or not at all,
 * and the unique index invoices_one_per_service_period turns any second attempt at the same
 * service period into an error that rolls the batch back instead of billing twice.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { TenantTx } from '../../db/tenancy.ts';
import type { DocumentNumber } from '../billing/document-numbers.ts';
import type { PlannedInvoice } from './recurring-invoice-plan.ts';

export interface BatchHeader {
  tenantId: string;
  runId: string;
  currency: string;
  issuedOn: string;
  dueOn: string;
  actorLabel: string;
}

export async function writeRecurringInvoices(trx: TenantTx, header: BatchHeader, planned: readonly PlannedInvoice[], numbers: readonly DocumentNumber[]): Promise<void> {
  if (planned.length === 0) return;
  if (numbers.length !== planned.length) throw new Error('one number per invoice');
  const ids = planned.map(() => randomUUID());
  const t = header.tenantId;

  await sql`
    insert into invoices (tenant_id, id, customer_id, service_id, kind, status, number, number_seq, currency, issued_on, due_on,
                          period_start, period_end, subtotal_minor, tax_minor, total_minor, customer_snapshot, billing_run_id,
                          created_by_label, finalized_at)
    select ${t}, u.id, u.customer_id, u.service_id, 'recurring', case when u.total <= 0 then 'paid' else 'open' end,
           u.number, u.seq, ${header.currency}, ${header.issuedOn}::date, ${header.dueOn}::date, u.period_start, u.period_end,
           u.subtotal, u.tax, u.total,
           jsonb_build_object('name', c.display_name, 'accountNumber', c.account_number, 'address', c.service_address,
                              'email', coalesce(c.email, ''), 'phone', c.phone, 'taxId', ''),
           ${header.runId}, ${header.actorLabel}, now()
      from unnest(${ids}::uuid[], ${planned.map((p) => p.customerId)}::uuid[], ${planned.map((p) => p.serviceId)}::uuid[],
                  ${numbers.map((n) => n.number)}::text[], ${numbers.map((n) => n.seq)}::int[],
                  ${planned.map((p) => p.periodStart)}::date[], ${planned.map((p) => p.periodEnd)}::date[],
                  ${planned.map((p) => p.subtotalMinor)}::bigint[], ${planned.map((p) => p.taxMinor)}::bigint[],
                  ${planned.map((p) => p.totalMinor)}::bigint[])
             as u(id, customer_id, service_id, number, seq, period_start, period_end, subtotal, tax, total)
      join customers c on c.tenant_id = ${t} and c.id = u.customer_id`.execute(trx);

  const lines = planned.flatMap((p, i) => p.lines.map((l, position) => ({ invoiceId: ids[i] as string, position: position + 1, ...l })));
  await sql`
    insert into invoice_lines (tenant_id, invoice_id, position, kind, description, service_id, period_start, period_end, quantity,
                               unit_price_minor, amount_minor, tax_class, tax_name, tax_rate_ppm, tax_inclusive, net_minor, tax_minor, total_minor)
    select ${t}, * from unnest(
      ${lines.map((l) => l.invoiceId)}::uuid[], ${lines.map((l) => l.position)}::smallint[], ${lines.map((l) => l.kind)}::text[],
      ${lines.map((l) => l.description)}::text[], ${lines.map((l) => l.service_id)}::uuid[], ${lines.map((l) => l.period_start)}::date[],
      ${lines.map((l) => l.period_end)}::date[], ${lines.map((l) => l.quantity)}::int[], ${lines.map((l) => l.unit_price_minor)}::bigint[],
      ${lines.map((l) => l.amount_minor)}::bigint[], ${lines.map((l) => l.tax_class)}::text[], ${lines.map((l) => l.tax_name)}::text[],
      ${lines.map((l) => l.tax_rate_ppm)}::int[], ${lines.map((l) => l.tax_inclusive)}::boolean[], ${lines.map((l) => l.net_minor)}::bigint[],
      ${lines.map((l) => l.tax_minor)}::bigint[], ${lines.map((l) => l.total_minor)}::bigint[])`.execute(trx);

  await sql`
    insert into ledger_entries (tenant_id, customer_id, entry_type, amount_minor, currency, effective_on, description, invoice_id)
    select ${t}, u.customer_id, 'invoice', u.total, ${header.currency}, ${header.issuedOn}::date, 'Invoice ' || u.number, u.id
      from unnest(${ids}::uuid[], ${planned.map((p) => p.customerId)}::uuid[], ${planned.map((p) => p.totalMinor)}::bigint[],
                  ${numbers.map((n) => n.number)}::text[]) as u(id, customer_id, total, number)`.execute(trx);

  await sql`
    update services s set billed_until = u.period_end, anchor_day = u.anchor_day, updated_at = now()
      from unnest(${planned.map((p) => p.serviceId)}::uuid[], ${planned.map((p) => p.periodEnd)}::date[], ${planned.map((p) => p.anchorDay)}::smallint[])
           as u(service_id, period_end, anchor_day)
     where s.tenant_id = ${t} and s.id = u.service_id`.execute(trx);

  const chargeInvoice = planned.flatMap((p, i) => p.chargeIds.map((chargeId) => ({ chargeId, invoiceId: ids[i] as string })));
  if (chargeInvoice.length > 0) {
    await sql`
      update charges c set status = 'invoiced', invoice_id = u.invoice_id, settled_at = now()
        from unnest(${chargeInvoice.map((c) => c.chargeId)}::uuid[], ${chargeInvoice.map((c) => c.invoiceId)}::uuid[]) as u(charge_id, invoice_id)
       where c.tenant_id = ${t} and c.id = u.charge_id`.execute(trx);
  }
}
