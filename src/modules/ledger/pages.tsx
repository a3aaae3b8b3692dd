/**
 * A customer's account pages: the billing section of the customer page (an htmx fragment,
 * or a page of its own without htmx), the ledger with its refund and adjustment forms, and
 * adding or cancelling a one-off charge. Money-moving forms run once per form key.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { staffPage } from '../../http/authenticate.ts';
import { inTenant } from '../../http/app-context.ts';
import { firstText } from '../../http/form-values.ts';
import type { StaffPrincipal } from '../../http/principal.ts';
import { renderFragment, renderPage } from '../../http/render.tsx';
import { AppError } from '../../lib/errors.ts';
import { ownValue } from '../../lib/own-value.ts';
import { AppPage, fieldMessages } from '../../views/layout.tsx';
import { loadBillingSettings } from '../billing/billing-settings.ts';
import { addCharge } from '../invoices/add-charge.ts';
import { onceForForm, readLineForm } from '../invoices/billing-widgets.tsx';
import { cancelCharge } from '../invoices/cancel-charge.ts';
import { listCustomerServiceOptions } from '../invoices/charges-repository.ts';
import type { StaffLineInput } from '../invoices/staff-line.ts';
import { adjustBalance } from './adjust-balance.ts';
import { getCustomerBalance, getCustomerBillingSection, getCustomerRef, listLedgerEntries } from './customer-billing.ts';
import { CustomerBillingContent } from './customer-billing-view.tsx';
import { AddChargePage, LedgerPage, type LedgerForms } from './ledger-page-view.tsx';
import { refundCredit } from './refund-credit.ts';

type Form = Record<string, unknown>;
const NOTICES: Record<string, string> = { refunded: 'Refund recorded.', adjusted: 'Balance adjusted.' };
const FORM_MESSAGE = 'Please fix the highlighted fields. Nothing was saved.';

async function showLedger(request: FastifyRequest, reply: FastifyReply, customerId: string, options: { cursor?: string | undefined; notice?: string | undefined; forms?: LedgerForms; status?: number }) {
  const data = await inTenant(request, async (ctx) => ({
    balance: await getCustomerBalance(ctx, { customerId }),
    page: await listLedgerEntries(ctx, { customerId, limit: 50, cursor: options.cursor }),
    settings: await loadBillingSettings(ctx.trx, ctx.tenantId),
  }));
  return renderPage(
    reply.status(options.status ?? 200),
    <LedgerPage
      principal={request.principal as StaffPrincipal}
      balance={data.balance}
      entries={data.page.items}
      nextCursor={data.page.nextCursor}
      firstPage={!options.cursor}
      locale={data.settings.locale}
      notice={options.notice}
      forms={options.forms ?? { values: {}, errors: {} }}
    />,
  );
}

async function showChargeForm(request: FastifyRequest, reply: FastifyReply, customerId: string, values: StaffLineInput, error?: AppError) {
  const data = await inTenant(request, async (ctx) => {
    const customer = await getCustomerRef(ctx, customerId);
    return { customer, services: await listCustomerServiceOptions(ctx.trx, ctx.tenantId, customer.id), settings: await loadBillingSettings(ctx.trx, ctx.tenantId) };
  });
  return renderPage(
    reply.status(error ? 422 : 200),
    <AddChargePage
      principal={request.principal as StaffPrincipal}
      customer={data.customer}
      services={data.services}
      currency={data.settings.currency}
      values={values}
      errors={error ? fieldMessages(error.fields) : {}}
      message={error ? FORM_MESSAGE : undefined}
    />,
  );
}

/** Form fields as the page shows them again after a refused post. */
function textValues(body: Form, keys: readonly string[]): Record<string, string> {
  return Object.fromEntries(keys.map((k) => [k, firstText(body[k]) ?? '']));
}

export async function ledgerPages(app: FastifyInstance): Promise<void> {
  const read = { schema: { hide: true }, onRequest: staffPage('billing.read') };
  const manage = { schema: { hide: true }, onRequest: staffPage('billing.manage') };

  app.get<{ Params: { id: string } }>('/app/customers/:id/billing', read, async (request, reply) => {
    const principal = request.principal as StaffPrincipal;
    const data = await inTenant(request, (ctx) => getCustomerBillingSection(ctx, { customerId: request.params.id }));
    const content = <CustomerBillingContent principal={principal} data={data} />;
    if (request.headers['hx-request'] === 'true') return renderFragment(reply, content);
    return renderPage(
      reply,
      <AppPage title={`Account of ${data.balance.customer.name}`} principal={principal} active="/app/customers">
        <section class="card">{content}</section>
      </AppPage>,
    );
  });

  app.get<{ Params: { id: string }; Querystring: Form }>('/app/customers/:id/ledger', read, async (request, reply) =>
    showLedger(request, reply, request.params.id, { cursor: firstText(request.query.cursor), notice: ownValue(NOTICES, firstText(request.query.notice)) }),
  );

  app.get<{ Params: { id: string } }>('/app/customers/:id/charges/new', manage, async (request, reply) => showChargeForm(request, reply, request.params.id, { kind: 'installation_fee' }));

  app.post<{ Params: { id: string }; Body: Form }>('/app/customers/:id/charges', manage, async (request, reply) => {
    const body = request.body ?? {};
    const values = readLineForm(body);
    try {
      const location = await inTenant(request, async (ctx) => {
        const customer = await getCustomerRef(ctx, request.params.id);
        return onceForForm(ctx, { ...body, customerId: customer.id }, 'charges.add', async () => {
          await addCharge(ctx, { ...values, customerId: customer.id });
          return `/app/customers/${customer.id}#account`;
        });
      });
      return reply.redirect(location, 303);
    } catch (err) {
      if (!(err instanceof AppError) || err.status !== 422) throw err;
      return showChargeForm(request, reply, request.params.id, values, err);
    }
  });

  app.post<{ Params: { id: string }; Body: Form }>('/app/charges/:id/cancel', manage, async (request, reply) => {
    const charge = await inTenant(request, (ctx) => cancelCharge(ctx, { chargeId: request.params.id, reason: firstText(request.body?.reason) ?? '' }));
    return reply.redirect(`/app/customers/${charge.customer_id}#account`, 303);
  });

  const correction = (name: 'refunds' | 'adjustments', which: 'refund' | 'adjust', keys: readonly string[], run: typeof refundCredit | typeof adjustBalance, notice: string) =>
    app.post<{ Params: { id: string }; Body: Form }>(`/app/customers/:id/${name}`, manage, async (request, reply) => {
      const body = request.body ?? {};
      const values = textValues(body, keys);
      try {
        const location = await inTenant(request, async (ctx) => {
          const customer = await getCustomerRef(ctx, request.params.id);
          return onceForForm(ctx, { ...body, customerId: customer.id }, `${name}.create`, async () => {
            await run(ctx, { ...values, customerId: customer.id });
            return `/app/customers/${customer.id}/ledger?notice=${notice}`;
          });
        });
        return reply.redirect(location, 303);
      } catch (err) {
        if (!(err instanceof AppError) || err.status !== 422) throw err;
        return showLedger(request, reply, request.params.id, { status: 422, forms: { which, values, errors: fieldMessages(err.fields), message: `${err.message}. Nothing was saved.` } });
      }
    });
  correction('refunds', 'refund', ['sourceId', 'amount', 'method', 'reference', 'reason'], refundCredit, 'refunded');
  correction('adjustments', 'adjust', ['amount', 'reason'], adjustBalance, 'adjusted');
}
