/** The tenant's invoices, newest first, filtered by status, customer or part of the number. */
import { isUuid } from '../../db/tenancy.ts';
import type { InvoiceStatus } from '../../db/schema.ts';
import { pageFrom } from '../../lib/cursor.ts';
import { decodeTimeIdCursor } from '../../lib/keyset-cursor.ts';
import { Problems } from '../../lib/validate.ts';
import { assertCan, type TenantContext } from '../context.ts';
import { listInvoiceRows, type InvoiceListItem } from './invoice-queries.ts';

export const INVOICE_STATUSES: readonly InvoiceStatus[] = ['draft', 'open', 'partially_paid', 'paid', 'void', 'uncollectible'];

export interface ListInvoicesInput {
  status?: string | undefined;
  customerId?: string | undefined;
  /** Part of the number. */
  q?: string | undefined;
  limit?: number | undefined;
  cursor?: string | undefined;
}

export type InvoiceSummary = Omit<InvoiceListItem, 'createdKey'>;

export async function listInvoices(ctx: TenantContext, input: ListInvoicesInput): Promise<{ items: InvoiceSummary[]; nextCursor: string | null }> {
  assertCan(ctx.actor, 'billing.read');
  const problems = new Problems();
  const status = input.status || undefined;
  if (status && !(INVOICE_STATUSES as readonly string[]).includes(status)) problems.add('status', 'enum', `Status must be one of ${INVOICE_STATUSES.join(', ')}`);
  const customerId = input.customerId || undefined;
  if (customerId && !isUuid(customerId)) problems.add('customerId', 'format', 'Customer must be an id');
  const q = (input.q ?? '').trim();
  if (q.length > 40) problems.add('q', 'max_length', 'Search by at most 40 characters of the number');
  problems.throwIfAny();
  const limit = input.limit ?? 50;
  const cursor = decodeTimeIdCursor(input.cursor);
  const rows = await listInvoiceRows(
    ctx.trx,
    ctx.tenantId,
    { status: status as InvoiceStatus | undefined, customerId, number: q || undefined },
    { limit, after: cursor ? { createdKey: cursor.at, id: cursor.id } : undefined },
  );
  const page = pageFrom(rows, limit, (r) => [r.createdKey, r.id]);
  return { items: page.items.map(({ createdKey: _key, ...item }) => item), nextCursor: page.nextCursor };
}
