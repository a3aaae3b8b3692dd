/**
 * Route-matrix samples for invoices, charges, credit notes and a customer's ledger. See
 * route-samples.ts for what a sample must do. The victim's documents are made through the
 * victim's own API, the way a clerk would.
 */
import { json, next, type RouteSample, type SampleContext, type SampleEntity } from '../sample-kit.ts';

async function victimCustomerId(ctx: SampleContext): Promise<string> {
  const customer = await json<{ id: string }>(ctx, ctx.victim, 'POST', '/api/v1/customers', { firstName: 'Billed', lastName: `Victim ${next()}`, phone: '0917 555 0101' });
  return customer.id;
}

async function victimCustomer(ctx: SampleContext): Promise<SampleEntity> {
  return { table: 'customers', id: await victimCustomerId(ctx) };
}

async function victimDraft(ctx: SampleContext): Promise<SampleEntity & { lineId: string }> {
  const invoice = await json<{ id: string; lines: { id: string }[] }>(ctx, ctx.victim, 'POST', '/api/v1/invoices', {
    customerId: await victimCustomerId(ctx),
    lines: [{ kind: 'equipment', description: 'Router', unitPrice: '1500.00' }],
  });
  return { table: 'invoices', id: invoice.id, lineId: invoice.lines[0]?.id ?? '' };
}

async function victimOpenInvoice(ctx: SampleContext): Promise<SampleEntity> {
  const draft = await victimDraft(ctx);
  await json(ctx, ctx.victim, 'POST', `/api/v1/invoices/${draft.id}/finalize`);
  return { table: 'invoices', id: draft.id };
}

async function victimLine(ctx: SampleContext): Promise<SampleEntity> {
  const draft = await victimDraft(ctx);
  return { table: 'invoice_lines', id: draft.lineId, params: { id: draft.id, lineId: draft.lineId } };
}

async function victimCharge(ctx: SampleContext): Promise<SampleEntity> {
  const charge = await json<{ id: string }>(ctx, ctx.victim, 'POST', '/api/v1/charges', { customerId: await victimCustomerId(ctx), kind: 'installation_fee', description: 'Drop cable', unitPrice: '800.00' });
  return { table: 'charges', id: charge.id };
}

async function victimCreditNote(ctx: SampleContext): Promise<SampleEntity> {
  const invoice = await victimOpenInvoice(ctx);
  const note = await json<{ id: string }>(ctx, ctx.victim, 'POST', '/api/v1/credit-notes', { invoiceId: invoice.id, amount: '100.00', reason: 'Outage' });
  return { table: 'credit_notes', id: note.id };
}

const line = () => ({ kind: 'other', description: 'Taken over', unitPrice: '1.00' });
const reason = () => ({ reason: 'Taken over' });
const anyUuid = '00000000-0000-4000-8000-000000000000';

export const invoiceSamples: Record<string, RouteSample> = {
  // API: invoices
  'POST /api/v1/invoices': { body: () => ({ customerId: anyUuid, lines: [line()] }) },
  'GET /api/v1/invoices/:id': { create: victimDraft },
  'POST /api/v1/invoices/:id/lines': { create: victimDraft, body: line },
  'DELETE /api/v1/invoices/:id/lines/:lineId': { create: victimLine },
  'POST /api/v1/invoices/:id/finalize': { create: victimDraft },
  'POST /api/v1/invoices/:id/void': { create: victimOpenInvoice, body: reason },
  'POST /api/v1/invoices/:id/reissue': { create: victimOpenInvoice, body: reason },
  'POST /api/v1/invoices/:id/uncollectible': { create: victimOpenInvoice, body: reason },
  // API: charges, credit notes, ledger
  'POST /api/v1/charges': { body: () => ({ customerId: anyUuid, ...line() }) },
  'POST /api/v1/charges/:id/cancel': { create: victimCharge, body: reason },
  'POST /api/v1/credit-notes': { body: () => ({ invoiceId: anyUuid, amount: '1.00', reason: 'x' }) },
  'GET /api/v1/credit-notes/:id': { create: victimCreditNote },
  'GET /api/v1/customers/:id/balance': { create: victimCustomer },
  'GET /api/v1/customers/:id/ledger': { create: victimCustomer },
  'POST /api/v1/refunds': { body: () => ({ customerId: anyUuid, sourceId: anyUuid, amount: '1.00', method: 'cash', reason: 'x' }) },
  'POST /api/v1/adjustments': { body: () => ({ customerId: anyUuid, amount: '1.00', reason: 'x' }) },
  // Pages
  'POST /app/invoices': { body: () => ({ customerId: anyUuid, 'lines.0.kind': 'other', 'lines.0.description': 'x', 'lines.0.unitPrice': '1' }) },
  'GET /app/invoices/:id': { create: victimDraft },
  'POST /app/invoices/:id/lines': { create: victimDraft, body: line },
  'POST /app/invoices/:id/lines/:lineId/delete': { create: victimLine },
  'POST /app/invoices/:id/finalize': { create: victimDraft },
  'POST /app/invoices/:id/void': { create: victimOpenInvoice, body: () => ({ voidReason: 'Taken over' }) },
  'POST /app/invoices/:id/reissue': { create: victimOpenInvoice, body: () => ({ voidReason: 'Taken over' }) },
  'POST /app/invoices/:id/uncollectible': { create: victimOpenInvoice },
  'POST /app/invoices/:id/credit-notes': { create: victimOpenInvoice, body: () => ({ amount: '1.00', reason: 'Taken over' }) },
  'GET /app/credit-notes/:id': { create: victimCreditNote },
  'GET /app/customers/:id/billing': { create: victimCustomer },
  'GET /app/customers/:id/ledger': { create: victimCustomer },
  'GET /app/customers/:id/charges/new': { create: victimCustomer },
  'POST /app/customers/:id/charges': { create: victimCustomer, body: line },
  'POST /app/customers/:id/refunds': { create: victimCustomer, body: () => ({ sourceId: anyUuid, amount: '1.00', method: 'cash', reason: 'Taken over' }) },
  'POST /app/customers/:id/adjustments': { create: victimCustomer, body: () => ({ amount: '-1.00', reason: 'Taken over' }) },
  'POST /app/charges/:id/cancel': { create: victimCharge },
};
