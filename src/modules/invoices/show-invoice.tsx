/** Renders one invoice's page; shared by the invoice routes and the credit-note form that lives on it. */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { inTenant } from '../../http/app-context.ts';
import type { StaffPrincipal } from '../../http/principal.ts';
import { renderPage } from '../../http/render.tsx';
import type { AppError } from '../../lib/errors.ts';
import { fieldMessages } from '../../views/layout.tsx';
import { loadBillingSettings } from '../billing/billing-settings.ts';
import { can } from '../context.ts';
import { listCustomerServiceOptions } from './charges-repository.ts';
import { getInvoice } from './get-invoice.ts';
import { InvoicePage, type InvoicePageForms } from './invoice-page-view.tsx';

export const INVOICE_NOTICES: Record<string, string> = {
  created: 'Draft created. Check the lines, then finalize it.',
  line: 'Line added.',
  removed: 'Line removed.',
  finalized: 'Invoice finalized.',
  voided: 'Invoice voided. What was applied to it is credit on the account again.',
  reissued: 'The old invoice is void; this draft copies its lines. Correct it and finalize it.',
  uncollectible: 'Invoice marked uncollectible.',
  credited: 'Credit note issued.',
};

export async function showInvoice(
  request: FastifyRequest,
  reply: FastifyReply,
  invoiceId: string,
  options: { notice?: string | undefined; error?: AppError | undefined; forms?: InvoicePageForms; fieldRenames?: Record<string, string> } = {},
): Promise<FastifyReply> {
  const principal = request.principal as StaffPrincipal;
  const data = await inTenant(request, async (ctx) => {
    const detail = await getInvoice(ctx, { invoiceId });
    const settings = await loadBillingSettings(ctx.trx, ctx.tenantId);
    const services = detail.invoice.status === 'draft' ? await listCustomerServiceOptions(ctx.trx, ctx.tenantId, detail.invoice.customer_id) : [];
    return { detail, settings, services };
  });
  const errors = fieldMessages((options.error?.fields ?? []).map((f) => ({ ...f, field: options.fieldRenames?.[f.field] ?? f.field })));
  return renderPage(
    reply.status(options.error?.status ?? 200),
    <InvoicePage
      principal={principal}
      detail={data.detail}
      services={data.services}
      canManage={can(principal.actor, 'billing.manage')}
      timeZone={data.settings.timeZone}
      locale={data.settings.locale}
      notice={options.notice}
      error={options.error ? (options.error.status === 422 ? `${options.error.message}. Nothing was saved.` : options.error.message) : undefined}
      errors={errors}
      forms={options.forms ?? {}}
    />,
  );
}
