/**
 * /app document downloads (invoice, receipt and credit note PDFs) and a customer's
 * statement of account page with its PDF. The invoice, payment and customer pages link here.
 */
import type { FastifyInstance } from 'fastify';
import { staffPage } from '../../http/authenticate.ts';
import { inTenant } from '../../http/app-context.ts';
import { firstText as text } from '../../http/form-values.ts';
import type { StaffPrincipal } from '../../http/principal.ts';
import { renderPage } from '../../http/render.tsx';
import { AppError, notFound } from '../../lib/errors.ts';
import { fieldMessages } from '../../views/layout.tsx';
import { assertCan } from '../context.ts';
import { findCustomer } from '../customers/customers-repository.ts';
import { loadBillingSettings } from '../billing/billing-settings.ts';
import { loadLetterhead } from './documents-repository.ts';
import { getStatement } from './get-statement.ts';
import { loadCreditNoteDocument } from './load-credit-note-document.ts';
import { loadInvoiceDocument } from './load-invoice-document.ts';
import { loadReceiptDocument } from './load-receipt-document.ts';
import { renderCreditNotePdf } from './render-credit-note-pdf.ts';
import { renderInvoicePdf } from './render-invoice-pdf.ts';
import { renderReceiptPdf } from './render-receipt-pdf.ts';
import { renderStatementPdf } from './render-statement-pdf.ts';
import { sendPdf, statementFileName } from './send-pdf.ts';
import { StatementPage } from './statement-view.tsx';

type IdRequest = { Params: { id: string }; Querystring: Record<string, unknown> };

const rangeOf = (query: Record<string, unknown>) => ({ from: text(query.from)?.slice(0, 20), to: text(query.to)?.slice(0, 20) });

export async function documentsPages(app: FastifyInstance): Promise<void> {
  const read = { schema: { hide: true }, onRequest: staffPage('billing.read') };

  app.get<IdRequest>('/app/invoices/:id/pdf', read, async (request, reply) => {
    const doc = await inTenant(request, (ctx) => loadInvoiceDocument(ctx, { invoiceId: request.params.id }));
    return sendPdf(reply, doc.number, await renderInvoicePdf(doc));
  });

  app.get<IdRequest>('/app/receipts/:id/pdf', read, async (request, reply) => {
    const doc = await inTenant(request, (ctx) => loadReceiptDocument(ctx, { receiptId: request.params.id }));
    return sendPdf(reply, doc.number, await renderReceiptPdf(doc));
  });

  app.get<IdRequest>('/app/credit-notes/:id/pdf', read, async (request, reply) => {
    const doc = await inTenant(request, (ctx) => loadCreditNoteDocument(ctx, { creditNoteId: request.params.id }));
    return sendPdf(reply, doc.number, await renderCreditNotePdf(doc));
  });

  app.get<IdRequest>('/app/customers/:id/statement', read, async (request, reply) => {
    const range = rangeOf(request.query);
    const data = await inTenant(request, async (ctx) => {
      assertCan(ctx.actor, 'billing.read');
      const customer = await findCustomer(ctx.trx, ctx.tenantId, request.params.id);
      if (!customer) throw notFound('Customer');
      const settings = await loadBillingSettings(ctx.trx, ctx.tenantId);
      try {
        return { customer, settings, statement: await getStatement(ctx, { customerId: customer.id, ...range }), errors: {} };
      } catch (err) {
        if (!(err instanceof AppError) || err.status !== 422) throw err;
        return { customer, settings, statement: null, errors: fieldMessages(err.fields) };
      }
    });
    const s = data.statement;
    return renderPage(
      reply.status(s ? 200 : 422),
      <StatementPage
        principal={request.principal as StaffPrincipal}
        customer={{ id: data.customer.id, name: data.customer.displayName, accountNumber: data.customer.accountNumber }}
        locale={data.settings.locale}
        statement={s}
        values={s ? { from: s.from, to: s.to } : { from: range.from ?? '', to: range.to ?? '' }}
        errors={data.errors}
      />,
    );
  });

  app.get<IdRequest>('/app/customers/:id/statement.pdf', read, async (request, reply) => {
    const { statement, letterhead } = await inTenant(request, async (ctx) => ({
      statement: await getStatement(ctx, { customerId: request.params.id, ...rangeOf(request.query) }),
      letterhead: (await loadLetterhead(ctx.trx, ctx.tenantId)).letterhead,
    }));
    return sendPdf(reply, statementFileName(statement), await renderStatementPdf(letterhead, statement));
  });
}
