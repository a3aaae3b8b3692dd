/**
 * What the payments tests share: a use-case context for the company owner, invoices issued
 * the way billing issues them (a draft, then finalizeDraft), API calls, and the account's
 * balance and allocations read back from the tables.
 */
import type { LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import { asStaff, type StaffSession, type TestApp } from '../../../test/helpers/app.ts';
import { withTenant } from '../../db/tenancy.ts';
import { loadBillingSettings } from '../billing/billing-settings.ts';
import { customerBalance } from '../billing/ledger-repository.ts';
import { listCreditSources } from '../billing/account-repository.ts';
import { NO_TAX } from '../billing/line-tax.ts';
import type { TenantContext } from '../context.ts';
import { finalizeDraft } from '../invoices/finalize-draft.ts';
import { insertDraftInvoice } from '../invoices/invoices-repository.ts';
import { priceLine } from '../invoices/price-line.ts';
import { ALL_PERMISSIONS } from '../roles/permissions.ts';

/** Runs `fn` as the owner inside the owner's tenant transaction. */
export function asOwner<T>(t: TestApp, owner: StaffSession, fn: (ctx: TenantContext) => Promise<T>): Promise<T> {
  return withTenant(t.app.db, owner.tenantId, (trx) =>
    fn({ tenantId: owner.tenantId, trx, now: t.clock.now, actor: { type: 'user', id: owner.userId, label: 'Owner', isOwner: true, permissions: new Set(ALL_PERMISSIONS) } }),
  );
}

/** An issued (open) one-off invoice of `totalMinor`, untaxed. */
export function issueInvoice(t: TestApp, owner: StaffSession, customerId: string, totalMinor: number): Promise<{ id: string; number: string }> {
  return asOwner(t, owner, async (ctx) => {
    const settings = await loadBillingSettings(ctx.trx, ctx.tenantId);
    const id = await insertDraftInvoice(
      ctx.trx,
      ctx.tenantId,
      { customerId, kind: 'one_off', serviceId: null, currency: settings.currency, periodStart: null, periodEnd: null, memo: '', createdByLabel: 'test' },
      [priceLine({ kind: 'other', description: 'Installation', unitPriceMinor: totalMinor, tax: NO_TAX })],
    );
    const { number } = await finalizeDraft(ctx, id, settings);
    return { id, number };
  });
}

export function postJson(t: TestApp, staff: StaffSession, url: string, payload: object, key?: string): Promise<LightMyRequestResponse> {
  return asStaff(t, staff, { method: 'POST', url, payload, headers: key ? { 'idempotency-key': key } : {} });
}

export function getJson(t: TestApp, staff: StaffSession, url: string): Promise<LightMyRequestResponse> {
  return asStaff(t, staff, { method: 'GET', url });
}

export interface InvoiceState {
  status: string;
  totalMinor: number;
  allocatedMinor: number;
}

export function invoiceState(t: TestApp, owner: StaffSession, invoiceId: string): Promise<InvoiceState> {
  return asOwner(t, owner, async (ctx) => {
    const row = await ctx.trx
      .selectFrom('invoices as i')
      .select(['i.status', 'i.total_minor'])
      .select(sql<string>`(select coalesce(sum(a.amount_minor), 0) from allocations a where a.tenant_id = i.tenant_id and a.invoice_id = i.id)::text`.as('allocated'))
      .where('i.tenant_id', '=', ctx.tenantId)
      .where('i.id', '=', invoiceId)
      .executeTakeFirstOrThrow();
    return { status: row.status, totalMinor: Number(row.total_minor), allocatedMinor: Number(row.allocated) };
  });
}

/** Balance (positive: owes) and unspent credit of a customer. */
export function account(t: TestApp, owner: StaffSession, customerId: string): Promise<{ balanceMinor: number; creditMinor: number }> {
  return asOwner(t, owner, async (ctx) => ({
    balanceMinor: await customerBalance(ctx.trx, ctx.tenantId, customerId),
    creditMinor: (await listCreditSources(ctx.trx, ctx.tenantId, customerId)).reduce((s, c) => s + c.remainingMinor, 0),
  }));
}

/** Rows of a tenant table, for "nothing was written" checks. */
export function countRows(t: TestApp, owner: StaffSession, table: 'payments' | 'receipts' | 'invoices' | 'ledger_entries' | 'allocations' | 'idempotency_keys'): Promise<number> {
  return asOwner(t, owner, async (ctx) => {
    const row = await ctx.trx.selectFrom(table).select(sql<string>`count(*)::text`.as('n')).where('tenant_id', '=', ctx.tenantId).executeTakeFirstOrThrow();
    return Number(row.n);
  });
}
