/**
 * Applying credit to invoices. Callers hold the customer lock (lockCustomerAccount), so
 * what is due and what is left cannot move under them; the amounts are still checked here
 * because an allocation must never exceed either side.
 */
import type { TenantTx } from '../../db/tenancy.ts';
import type { InvoiceStatus } from '../../db/schema.ts';
import { conflict } from '../../lib/errors.ts';
import { invoiceAllocatedMinor, listCreditSources, listOpenInvoices, sourceColumns, type CreditSource, type CreditSourceKind } from './account-repository.ts';

export interface AllocationMade {
  invoiceId: string;
  invoiceNumber: string;
  source: CreditSource['kind'];
  sourceId: string;
  amountMinor: number;
}

/** Status that follows from what has been allocated. */
export function paidStatus(totalMinor: number, allocatedMinor: number): InvoiceStatus {
  if (allocatedMinor >= totalMinor) return 'paid';
  return allocatedMinor > 0 ? 'partially_paid' : 'open';
}

/** Re-derives an open invoice's status after its allocations changed. */
export async function refreshInvoiceStatus(trx: TenantTx, tenantId: string, invoiceId: string): Promise<void> {
  const invoice = await trx
    .selectFrom('invoices')
    .select(['status', 'total_minor'])
    .where('tenant_id', '=', tenantId)
    .where('id', '=', invoiceId)
    .executeTakeFirstOrThrow();
  if (!['open', 'partially_paid', 'paid'].includes(invoice.status)) return;
  const next = paidStatus(invoice.total_minor, await invoiceAllocatedMinor(trx, tenantId, invoiceId));
  if (next !== invoice.status) {
    await trx.updateTable('invoices').set({ status: next, updated_at: new Date() }).where('tenant_id', '=', tenantId).where('id', '=', invoiceId).execute();
  }
}

export async function insertAllocation(
  trx: TenantTx,
  tenantId: string,
  input: { invoiceId: string; source: { kind: CreditSource['kind']; id: string }; amountMinor: number; actorLabel: string },
): Promise<void> {
  if (!Number.isSafeInteger(input.amountMinor) || input.amountMinor <= 0) throw new Error('an allocation is a positive whole amount');
  await trx
    .insertInto('allocations')
    .values({ tenant_id: tenantId, invoice_id: input.invoiceId, ...sourceColumns(input.source), amount_minor: input.amountMinor, actor_label: input.actorLabel })
    .execute();
}

/**
 * Undoes allocations with negative rows that name them (reverses_id is unique: each is
 * reversed once); the credit goes back to its source.
 */
export async function insertReversals(
  trx: TenantTx,
  tenantId: string,
  allocations: readonly { id: string; invoiceId: string; sourceKind: CreditSourceKind; sourceId: string; amountMinor: number }[],
  actorLabel: string,
): Promise<void> {
  if (allocations.length === 0) return;
  await trx
    .insertInto('allocations')
    .values(
      allocations.map((a) => ({
        tenant_id: tenantId,
        invoice_id: a.invoiceId,
        ...sourceColumns({ kind: a.sourceKind, id: a.sourceId }),
        amount_minor: -a.amountMinor,
        reverses_id: a.id,
        actor_label: actorLabel,
      })),
    )
    .execute();
}

/**
 * Spends the customer's credit on their open invoices: oldest credit first, oldest invoice
 * first. With `onlySources`, only those sources are spent (a new payment pays old
 * invoices; older credit is spent the same way in the same pass). With `invoiceOrder`, the
 * invoices staff picked are paid first, in that order, and nothing else.
 */
export async function applyCredit(
  trx: TenantTx,
  tenantId: string,
  customerId: string,
  options: { actorLabel: string; onlySources?: readonly string[]; invoiceOrder?: readonly string[] },
): Promise<AllocationMade[]> {
  let sources = await listCreditSources(trx, tenantId, customerId);
  if (options.onlySources) sources = sources.filter((s) => options.onlySources?.includes(s.id));
  let invoices = await listOpenInvoices(trx, tenantId, customerId);
  if (options.invoiceOrder) {
    const picked = options.invoiceOrder;
    const byId = new Map(invoices.map((i) => [i.id, i]));
    const missing = picked.find((id) => !byId.has(id));
    if (missing) throw conflict('invoice_not_payable', 'An invoice picked for this payment is not open for this customer');
    invoices = picked.map((id) => byId.get(id)).filter((i) => i !== undefined);
  }
  const made: AllocationMade[] = [];
  for (const invoice of invoices) {
    let due = invoice.dueMinor;
    for (const source of sources) {
      if (due <= 0) break;
      if (source.remainingMinor <= 0) continue;
      const amount = Math.min(due, source.remainingMinor);
      await insertAllocation(trx, tenantId, { invoiceId: invoice.id, source, amountMinor: amount, actorLabel: options.actorLabel });
      source.remainingMinor -= amount;
      due -= amount;
      made.push({ invoiceId: invoice.id, invoiceNumber: invoice.number, source: source.kind, sourceId: source.id, amountMinor: amount });
    }
    if (due !== invoice.dueMinor) await refreshInvoiceStatus(trx, tenantId, invoice.id);
  }
  return made;
}
