/**
 * Route-matrix samples for billing documents (PDFs and statements). See route-samples.ts for
 * what a sample must do. The victim's documents are issued through the billing spine in the
 * victim's own tenant transaction (src/modules/documents/document-fixtures.ts).
 */
import { issueCreditNote, issueInvoice, payWithReceipt } from '../../../src/modules/documents/document-fixtures.ts';
import { json, next, type RouteSample, type SampleContext, type SampleEntity } from '../sample-kit.ts';

async function victimCustomerId(ctx: SampleContext): Promise<string> {
  const customer = await json<{ id: string }>(ctx, ctx.victim, 'POST', '/api/v1/customers', { firstName: 'Victim', lastName: `Payer ${next()}` });
  return customer.id;
}

async function victimCustomer(ctx: SampleContext): Promise<SampleEntity> {
  return { table: 'customers', id: await victimCustomerId(ctx) };
}

async function victimInvoice(ctx: SampleContext): Promise<SampleEntity> {
  const invoice = await issueInvoice(ctx.t.app.db, ctx.victim, { customerId: await victimCustomerId(ctx), at: ctx.t.clock.now() });
  return { table: 'invoices', id: invoice.id };
}

async function victimReceipt(ctx: SampleContext): Promise<SampleEntity> {
  const paid = await payWithReceipt(ctx.t.app.db, ctx.victim, { customerId: await victimCustomerId(ctx), amountMinor: 50000, at: ctx.t.clock.now() });
  return { table: 'receipts', id: paid.receiptId };
}

async function victimCreditNote(ctx: SampleContext): Promise<SampleEntity> {
  const at = ctx.t.clock.now();
  const invoice = await issueInvoice(ctx.t.app.db, ctx.victim, { customerId: await victimCustomerId(ctx), at });
  const note = await issueCreditNote(ctx.t.app.db, ctx.victim, { invoiceId: invoice.id, subtotalMinor: 10000, taxMinor: 0, reason: 'Outage credit', at });
  return { table: 'credit_notes', id: note.id };
}

export const documentSamples: Record<string, RouteSample> = {
  // API
  'GET /api/v1/invoices/:id/pdf': { create: victimInvoice },
  'GET /api/v1/receipts/:id/pdf': { create: victimReceipt },
  'GET /api/v1/credit-notes/:id/pdf': { create: victimCreditNote },
  'GET /api/v1/customers/:id/statement': { create: victimCustomer },
  'GET /api/v1/customers/:id/statement.pdf': { create: victimCustomer },
  // Pages
  'GET /app/invoices/:id/pdf': { create: victimInvoice },
  'GET /app/receipts/:id/pdf': { create: victimReceipt },
  'GET /app/credit-notes/:id/pdf': { create: victimCreditNote },
  'GET /app/customers/:id/statement': { create: victimCustomer },
  'GET /app/customers/:id/statement.pdf': { create: victimCustomer },
};
