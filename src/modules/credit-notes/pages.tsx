/** /app/credit-notes/:id, and the credit-note form posted from an invoice's page. */
import type { FastifyInstance } from 'fastify';
import { staffPage } from '../../http/authenticate.ts';
import { inTenant } from '../../http/app-context.ts';
import { firstText } from '../../http/form-values.ts';
import type { StaffPrincipal } from '../../http/principal.ts';
import { renderPage } from '../../http/render.tsx';
import { AppError } from '../../lib/errors.ts';
import { loadBillingSettings } from '../billing/billing-settings.ts';
import { onceForForm } from '../invoices/billing-widgets.tsx';
import { showInvoice } from '../invoices/show-invoice.tsx';
import { CreditNotePage } from './credit-note-view.tsx';
import { getCreditNote } from './get-credit-note.ts';
import { issueCreditNote } from './issue-credit-note.ts';

export async function creditNotesPages(app: FastifyInstance): Promise<void> {
  app.get<{ Params: { id: string } }>('/app/credit-notes/:id', { schema: { hide: true }, onRequest: staffPage('billing.read') }, async (request, reply) => {
    const data = await inTenant(request, async (ctx) => ({ detail: await getCreditNote(ctx, { creditNoteId: request.params.id }), settings: await loadBillingSettings(ctx.trx, ctx.tenantId) }));
    return renderPage(reply, <CreditNotePage principal={request.principal as StaffPrincipal} detail={data.detail} timeZone={data.settings.timeZone} locale={data.settings.locale} />);
  });

  app.post<{ Params: { id: string }; Body: Record<string, unknown> }>('/app/invoices/:id/credit-notes', { schema: { hide: true }, onRequest: staffPage('billing.manage') }, async (request, reply) => {
    const body = request.body ?? {};
    const form = { amount: firstText(body.amount) ?? '', reason: firstText(body.reason) ?? '' };
    try {
      const location = await inTenant(request, (ctx) =>
        onceForForm(ctx, { ...body, invoiceId: request.params.id }, 'credit_notes.issue', async () => {
          const { creditNote } = await issueCreditNote(ctx, { invoiceId: request.params.id, ...form });
          return `/app/invoices/${creditNote.invoice_id}?notice=credited#credit-notes`;
        }),
      );
      return reply.redirect(location, 303);
    } catch (err) {
      if (!(err instanceof AppError) || (err.status !== 422 && err.status !== 409)) throw err;
      return showInvoice(request, reply, request.params.id, { error: err, forms: { creditNote: form } });
    }
  });
}
