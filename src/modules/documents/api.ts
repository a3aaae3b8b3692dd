/**
 * /api/v1 document downloads: invoice, receipt and credit note PDFs, and a customer's
 * statement of account as JSON or PDF. Everything needs billing.read.
 */
import type { FastifyInstance } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import { apiAuth } from '../../http/authenticate.ts';
import { inTenant } from '../../http/app-context.ts';
import { IdParamsSchema, problemResponses } from '../../http/api-schemas.ts';
import { loadLetterhead } from './documents-repository.ts';
import { getStatement, type Statement } from './get-statement.ts';
import { loadCreditNoteDocument } from './load-credit-note-document.ts';
import { loadInvoiceDocument } from './load-invoice-document.ts';
import { loadReceiptDocument } from './load-receipt-document.ts';
import { renderCreditNotePdf } from './render-credit-note-pdf.ts';
import { renderInvoicePdf } from './render-invoice-pdf.ts';
import { renderReceiptPdf } from './render-receipt-pdf.ts';
import { renderStatementPdf } from './render-statement-pdf.ts';
import { PdfResponse, sendPdf, statementFileName } from './send-pdf.ts';

const DateText = (description: string) => Type.String({ format: 'date', description });

const StatementEntrySchema = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    effectiveOn: DateText('Calendar date in the tenant time zone'),
    entryType: Type.Union(['invoice', 'invoice_void', 'payment', 'payment_void', 'credit_note', 'refund', 'adjustment'].map((t) => Type.Literal(t))),
    amountMinor: Type.Integer({ description: 'Minor units; positive: the customer owes more' }),
    balanceMinor: Type.Integer({ description: 'The balance after this entry' }),
    description: Type.String(),
    documentType: Type.Union(['invoice', 'receipt', 'payment', 'credit_note', 'refund', 'adjustment'].map((t) => Type.Literal(t))),
    documentId: Type.String({ format: 'uuid' }),
    documentNumber: Type.Union([Type.String(), Type.Null()]),
  },
  { $id: 'StatementEntry' },
);

const StatementSchema = Type.Object(
  {
    customerId: Type.String({ format: 'uuid' }),
    accountNumber: Type.String(),
    customerName: Type.String(),
    currency: Type.String({ description: 'ISO 4217; amounts are integers in its minor unit' }),
    from: DateText('First day included'),
    to: DateText('Last day included'),
    openingBalanceMinor: Type.Integer({ description: 'Sum of the entries before from' }),
    entries: Type.Array(StatementEntrySchema),
    closingBalanceMinor: Type.Integer({ description: 'Opening balance plus the entries' }),
  },
  { $id: 'Statement', description: 'A customer statement of account for a date range' },
);

export const StatementQuerySchema = Type.Object({
  from: Type.Optional(Type.String({ maxLength: 20, description: 'YYYY-MM-DD, tenant time zone; default the first of this month' })),
  to: Type.Optional(Type.String({ maxLength: 20, description: 'YYYY-MM-DD, tenant time zone; default today' })),
});
type StatementQuery = Static<typeof StatementQuerySchema>;

function present(s: Statement): Static<typeof StatementSchema> {
  return {
    customerId: s.customer.id,
    accountNumber: s.customer.accountNumber,
    customerName: s.customer.name,
    currency: s.currency,
    from: s.from,
    to: s.to,
    openingBalanceMinor: s.openingBalanceMinor,
    entries: s.entries,
    closingBalanceMinor: s.closingBalanceMinor,
  };
}

export async function documentsApi(app: FastifyInstance): Promise<void> {
  const tags = ['documents'];
  const pdfRoute = (summary: string) => ({
    onRequest: apiAuth('billing.read'),
    schema: { tags, summary, params: IdParamsSchema, response: { 200: PdfResponse, ...problemResponses } },
  });

  app.get<{ Params: { id: string } }>('/api/v1/invoices/:id/pdf', pdfRoute('An issued invoice as a PDF (409 for a draft)'), async (request, reply) => {
    const doc = await inTenant(request, (ctx) => loadInvoiceDocument(ctx, { invoiceId: request.params.id }));
    return sendPdf(reply, doc.number, await renderInvoicePdf(doc));
  });

  app.get<{ Params: { id: string } }>('/api/v1/receipts/:id/pdf', pdfRoute('A receipt as a PDF, as it was issued'), async (request, reply) => {
    const doc = await inTenant(request, (ctx) => loadReceiptDocument(ctx, { receiptId: request.params.id }));
    return sendPdf(reply, doc.number, await renderReceiptPdf(doc));
  });

  app.get<{ Params: { id: string } }>('/api/v1/credit-notes/:id/pdf', pdfRoute('A credit note as a PDF'), async (request, reply) => {
    const doc = await inTenant(request, (ctx) => loadCreditNoteDocument(ctx, { creditNoteId: request.params.id }));
    return sendPdf(reply, doc.number, await renderCreditNotePdf(doc));
  });

  app.get<{ Params: { id: string }; Querystring: StatementQuery }>(
    '/api/v1/customers/:id/statement',
    {
      onRequest: apiAuth('billing.read'),
      schema: {
        tags,
        summary: "A customer's statement of account: opening balance, entries with the running balance, closing balance",
        params: IdParamsSchema,
        querystring: StatementQuerySchema,
        response: { 200: StatementSchema, ...problemResponses },
      },
    },
    async (request) => present(await inTenant(request, (ctx) => getStatement(ctx, { customerId: request.params.id, ...request.query }))),
  );

  app.get<{ Params: { id: string }; Querystring: StatementQuery }>(
    '/api/v1/customers/:id/statement.pdf',
    {
      onRequest: apiAuth('billing.read'),
      schema: { tags, summary: "A customer's statement of account as a PDF", params: IdParamsSchema, querystring: StatementQuerySchema, response: { 200: PdfResponse, ...problemResponses } },
    },
    async (request, reply) => {
      const { statement, letterhead } = await inTenant(request, async (ctx) => ({
        statement: await getStatement(ctx, { customerId: request.params.id, ...request.query }),
        letterhead: (await loadLetterhead(ctx.trx, ctx.tenantId)).letterhead,
      }));
      return sendPdf(reply, statementFileName(statement), await renderStatementPdf(letterhead, statement));
    },
  );
}
