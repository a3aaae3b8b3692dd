/**
 * Read use cases for a customer's money: the balance, the ledger page by page, and the
 * billing section of the customer page (balance, open invoices, pending charges, credit
 * left to refund, recent entries).
 */
import { notFound } from '../../lib/errors.ts';
import { pageFrom } from '../../lib/cursor.ts';
import { decodeTimeIdCursor } from '../../lib/keyset-cursor.ts';
import { isUuid } from '../../db/tenancy.ts';
import { listCreditSources, listOpenInvoices, type OpenInvoice } from '../billing/account-repository.ts';
import { loadBillingSettings } from '../billing/billing-settings.ts';
import { customerBalance } from '../billing/ledger-repository.ts';
import { assertCan, type TenantContext } from '../context.ts';
import { listCharges, type ChargeRow } from '../invoices/charges-repository.ts';
import { labelCreditSources, listLedgerRows, type CreditSourceView, type LedgerEntryView } from './ledger-queries.ts';

export interface CustomerRef {
  id: string;
  name: string;
  accountNumber: string;
}

export interface CustomerBalance {
  customer: CustomerRef;
  /** Positive: the customer owes; negative: credit on the account. */
  balanceMinor: number;
  currency: string;
  standing: 'owes' | 'in_credit' | 'settled';
  /** Sum of what is due on open and partly paid invoices. */
  openInvoicesDueMinor: number;
  /** Credit not yet applied or refunded (payments, credit notes, negative invoices). */
  creditAvailableMinor: number;
}

/** The customer by id, or 404: every route under /customers/:id starts here. */
export async function getCustomerRef(ctx: TenantContext, customerId: string): Promise<CustomerRef> {
  if (!isUuid(customerId)) throw notFound('Customer');
  const c = await ctx.trx.selectFrom('customers').select(['id', 'display_name', 'account_number']).where('tenant_id', '=', ctx.tenantId).where('id', '=', customerId).executeTakeFirst();
  if (!c) throw notFound('Customer');
  return { id: c.id, name: c.display_name, accountNumber: c.account_number };
}

const standingOf = (balance: number): CustomerBalance['standing'] => (balance > 0 ? 'owes' : balance < 0 ? 'in_credit' : 'settled');

export async function getCustomerBalance(ctx: TenantContext, input: { customerId: string }): Promise<CustomerBalance & { openInvoices: OpenInvoice[]; credit: CreditSourceView[] }> {
  assertCan(ctx.actor, 'billing.read');
  const customer = await getCustomerRef(ctx, input.customerId);
  const settings = await loadBillingSettings(ctx.trx, ctx.tenantId);
  const balanceMinor = await customerBalance(ctx.trx, ctx.tenantId, customer.id);
  const openInvoices = await listOpenInvoices(ctx.trx, ctx.tenantId, customer.id);
  const credit = await labelCreditSources(ctx.trx, ctx.tenantId, await listCreditSources(ctx.trx, ctx.tenantId, customer.id));
  return {
    customer,
    balanceMinor,
    currency: settings.currency,
    standing: standingOf(balanceMinor),
    openInvoicesDueMinor: openInvoices.reduce((s, i) => s + i.dueMinor, 0),
    creditAvailableMinor: credit.reduce((s, c) => s + c.remainingMinor, 0),
    openInvoices,
    credit,
  };
}

export type LedgerEntry = Omit<LedgerEntryView, 'createdKey'>;

export async function listLedgerEntries(ctx: TenantContext, input: { customerId: string; limit?: number | undefined; cursor?: string | undefined }): Promise<{ customer: CustomerRef; items: LedgerEntry[]; nextCursor: string | null }> {
  assertCan(ctx.actor, 'billing.read');
  const customer = await getCustomerRef(ctx, input.customerId);
  const limit = input.limit ?? 50;
  const cursor = decodeTimeIdCursor(input.cursor);
  const rows = await listLedgerRows(ctx.trx, ctx.tenantId, customer.id, { limit, after: cursor ? { createdKey: cursor.at, id: cursor.id } : undefined });
  const page = pageFrom(rows, limit, (r) => [r.createdKey, r.id]);
  return { customer, items: page.items.map(({ createdKey: _key, ...entry }) => entry), nextCursor: page.nextCursor };
}

export interface CustomerBillingSection {
  balance: CustomerBalance & { openInvoices: OpenInvoice[]; credit: CreditSourceView[] };
  pendingCharges: ChargeRow[];
  recentEntries: LedgerEntry[];
  timeZone: string;
  locale: string;
}

export async function getCustomerBillingSection(ctx: TenantContext, input: { customerId: string }): Promise<CustomerBillingSection> {
  const balance = await getCustomerBalance(ctx, input);
  const settings = await loadBillingSettings(ctx.trx, ctx.tenantId);
  const recent = await listLedgerEntries(ctx, { customerId: balance.customer.id, limit: 10 });
  return {
    balance,
    pendingCharges: await listCharges(ctx.trx, ctx.tenantId, { customerId: balance.customer.id, status: 'pending' }, 100),
    recentEntries: recent.items,
    timeZone: settings.timeZone,
    locale: settings.locale,
  };
}
