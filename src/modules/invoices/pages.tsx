/**
 * /app/invoices: the list (and CSV), a new one-off draft for a customer, one invoice, and its
 * steps. A step that fails on input (422) or state (409) shows the invoice again with the
 * message; nothing is written.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { staffPage } from '../../http/authenticate.ts';
import { inTenant } from '../../http/app-context.ts';
import { sendCsv, type CsvColumn } from '../../http/csv-export.ts';
import { allTexts, firstText } from '../../http/form-values.ts';
import type { StaffPrincipal } from '../../http/principal.ts';
import { renderPage } from '../../http/render.tsx';
import { AppError, notFound } from '../../lib/errors.ts';
import { minorToMajorText } from '../../lib/money.ts';
import { ownValue } from '../../lib/own-value.ts';
import { calendarDateIn } from '../../lib/zoned-time.ts';
import { fieldMessages } from '../../views/layout.tsx';
import { loadBillingSettings } from '../billing/billing-settings.ts';
import type { TenantContext } from '../context.ts';
import { CSV_ROW_CAP } from '../installations/form-fields.tsx';
import { addInvoiceLine } from './add-invoice-line.ts';
import { onceForForm, readLineForm } from './billing-widgets.tsx';
import { customerExists, listCharges, listCustomerServiceOptions } from './charges-repository.ts';
import { createInvoice } from './create-invoice.ts';
import { finalizeInvoice } from './finalize-invoice.ts';
import { LINE_SLOTS, NewInvoicePage, type NewInvoiceValues } from './invoice-form-view.tsx';
import { InvoiceListPage, INVOICES_PATH } from './invoice-list-view.tsx';
import { listInvoices, type InvoiceSummary } from './list-invoices.ts';
import { markInvoiceUncollectible } from './mark-invoice-uncollectible.ts';
import { reissueInvoice } from './reissue-invoice.ts';
import { removeInvoiceLine } from './remove-invoice-line.ts';
import { INVOICE_NOTICES, showInvoice } from './show-invoice.tsx';
import { voidInvoice } from './void-invoice.ts';

type Form = Record<string, unknown>;
const PAGE_SIZE = 50;

const CSV_COLUMNS: CsvColumn<InvoiceSummary>[] = [
  { header: 'number', value: (i) => i.number },
  { header: 'status', value: (i) => i.status },
  { header: 'kind', value: (i) => i.kind },
  { header: 'account_number', value: (i) => i.accountNumber },
  { header: 'customer', value: (i) => i.customerName },
  { header: 'issued_on', value: (i) => i.issuedOn },
  { header: 'due_on', value: (i) => i.dueOn },
  { header: 'currency', value: (i) => i.currency },
  { header: 'total', value: (i) => minorToMajorText(i.totalMinor, i.currency) },
  { header: 'paid_or_credited', value: (i) => minorToMajorText(i.allocatedMinor, i.currency) },
  { header: 'id', value: (i) => i.id },
];

const isInputOrState = (err: unknown): err is AppError => err instanceof AppError && (err.status === 422 || err.status === 409);

async function listPage(request: FastifyRequest<{ Querystring: Form }>, reply: FastifyReply): Promise<FastifyReply> {
  const q = request.query;
  const params = { q: firstText(q.q)?.slice(0, 40), status: firstText(q.status), customerId: firstText(q.customerId), cursor: firstText(q.cursor) };
  const csv = firstText(q.format) === 'csv';
  const data = await inTenant(request, async (ctx) => {
    const settings = await loadBillingSettings(ctx.trx, ctx.tenantId);
    try {
      return { settings, page: await listInvoices(ctx, { ...params, limit: csv ? CSV_ROW_CAP : PAGE_SIZE, cursor: csv ? undefined : params.cursor }), errors: {} };
    } catch (err) {
      if (!(err instanceof AppError) || (err.status !== 422 && err.status !== 400)) throw err;
      return { settings, page: { items: [], nextCursor: null }, errors: fieldMessages(err.fields) };
    }
  });
  if (csv) return sendCsv(reply, 'invoices', CSV_COLUMNS, data.page.items, calendarDateIn(request.server.clock(), data.settings.timeZone));
  return renderPage(
    reply.status(Object.keys(data.errors).length > 0 ? 422 : 200),
    <InvoiceListPage principal={request.principal as StaffPrincipal} items={data.page.items} nextCursor={data.page.nextCursor} params={params} errors={data.errors} locale={data.settings.locale} />,
  );
}

/** The filled line slots of the new-invoice form, compacted so errors name the lines shown. */
function newInvoiceValues(body: Form): NewInvoiceValues {
  const lines = Array.from({ length: LINE_SLOTS }, (_, i) => readLineForm(body, `lines.${i}.`)).filter((l) => (l.description ?? '') !== '' || (l.unitPrice ?? '') !== '');
  return { chargeIds: allTexts(body.chargeIds), lines, memo: firstText(body.memo) ?? '' };
}

async function newInvoiceForm(request: FastifyRequest, reply: FastifyReply, customerId: string, values: NewInvoiceValues | undefined, error?: AppError): Promise<FastifyReply> {
  const data = await inTenant(request, async (ctx) => {
    if (!(await customerExists(ctx.trx, ctx.tenantId, customerId))) throw notFound('Customer');
    const customer = await ctx.trx.selectFrom('customers').select(['id', 'display_name', 'account_number']).where('tenant_id', '=', ctx.tenantId).where('id', '=', customerId).executeTakeFirstOrThrow();
    const settings = await loadBillingSettings(ctx.trx, ctx.tenantId);
    const pendingCharges = await listCharges(ctx.trx, ctx.tenantId, { customerId, status: 'pending' }, 100);
    return { customer, settings, pendingCharges, services: await listCustomerServiceOptions(ctx.trx, ctx.tenantId, customerId) };
  });
  return renderPage(
    reply.status(error ? 422 : 200),
    <NewInvoicePage
      principal={request.principal as StaffPrincipal}
      customer={{ id: data.customer.id, name: data.customer.display_name, accountNumber: data.customer.account_number }}
      pendingCharges={data.pendingCharges}
      services={data.services}
      currency={data.settings.currency}
      locale={data.settings.locale}
      values={values ?? { chargeIds: data.pendingCharges.map((c) => c.id), lines: [], memo: '' }}
      errors={error ? fieldMessages(error.fields) : {}}
      message={error ? 'Please fix the highlighted fields. Nothing was saved.' : undefined}
    />,
  );
}

/** Invoice steps posted from its page: each runs one use case and comes back to the page. */
const STEPS: Record<string, { operation?: string; notice: string; run: (ctx: TenantContext, id: string, body: Form) => Promise<string | void> }> = {
  lines: { notice: 'line', run: (ctx, id, b) => addInvoiceLine(ctx, { ...readLineForm(b), invoiceId: id }) },
  finalize: { operation: 'invoices.finalize', notice: 'finalized', run: async (ctx, id) => void (await finalizeInvoice(ctx, { invoiceId: id })) },
  void: { operation: 'invoices.void', notice: 'voided', run: async (ctx, id, b) => void (await voidInvoice(ctx, { invoiceId: id, reason: firstText(b.voidReason) ?? '' })) },
  reissue: { operation: 'invoices.reissue', notice: 'reissued', run: async (ctx, id, b) => (await reissueInvoice(ctx, { invoiceId: id, reason: firstText(b.voidReason) ?? '' })).draftId },
  uncollectible: { notice: 'uncollectible', run: async (ctx, id) => void (await markInvoiceUncollectible(ctx, { invoiceId: id })) },
};

export async function invoicesPages(app: FastifyInstance): Promise<void> {
  const read = { schema: { hide: true }, onRequest: staffPage('billing.read') };
  const manage = { schema: { hide: true }, onRequest: staffPage('billing.manage') };

  app.get<{ Querystring: Form }>(INVOICES_PATH, read, listPage);

  app.get<{ Querystring: Form }>(`${INVOICES_PATH}/new`, manage, async (request, reply) => newInvoiceForm(request, reply, firstText(request.query.customerId) ?? '', undefined));

  app.post<{ Body: Form }>(INVOICES_PATH, manage, async (request, reply) => {
    const body = request.body ?? {};
    const values = newInvoiceValues(body);
    const customerId = firstText(body.customerId) ?? '';
    try {
      const location = await inTenant(request, (ctx) =>
        onceForForm(ctx, body, 'invoices.create', async () => {
          const { invoiceId } = await createInvoice(ctx, { customerId, ...values });
          return `${INVOICES_PATH}/${invoiceId}?notice=created`;
        }),
      );
      return reply.redirect(location, 303);
    } catch (err) {
      if (!(err instanceof AppError) || err.status !== 422) throw err;
      return newInvoiceForm(request, reply, customerId, values, err);
    }
  });

  app.get<{ Params: { id: string }; Querystring: Form }>(`${INVOICES_PATH}/:id`, read, async (request, reply) =>
    showInvoice(request, reply, request.params.id, { notice: ownValue(INVOICE_NOTICES, firstText(request.query.notice)) }),
  );

  for (const [name, step] of Object.entries(STEPS)) {
    app.post<{ Params: { id: string }; Body: Form }>(`${INVOICES_PATH}/:id/${name}`, manage, async (request, reply) => {
      const id = request.params.id;
      const body = request.body ?? {};
      try {
        const location = await inTenant(request, async (ctx) => {
          const go = async () => {
            const target = await step.run(ctx, id, body);
            return `${INVOICES_PATH}/${target ?? id}?notice=${step.notice}`;
          };
          return step.operation ? onceForForm(ctx, { ...body, invoiceId: id }, step.operation, go) : go();
        });
        return reply.redirect(location, 303);
      } catch (err) {
        if (!isInputOrState(err)) throw err;
        return showInvoice(request, reply, id, { error: err, forms: { line: name === 'lines' ? readLineForm(body) : undefined, voidReason: firstText(body.voidReason) }, fieldRenames: name === 'lines' ? {} : { reason: 'voidReason' } });
      }
    });
  }

  app.post<{ Params: { id: string; lineId: string } }>(`${INVOICES_PATH}/:id/lines/:lineId/delete`, manage, async (request, reply) => {
    try {
      await inTenant(request, (ctx) => removeInvoiceLine(ctx, { invoiceId: request.params.id, lineId: request.params.lineId }));
      return reply.redirect(`${INVOICES_PATH}/${request.params.id}?notice=removed`, 303);
    } catch (err) {
      if (!isInputOrState(err)) throw err;
      return showInvoice(request, reply, request.params.id, { error: err });
    }
  });
}
