/**
 * /app pages for payments: the list with search, the payment form (a customer's open
 * invoices to pick), recording it (once per form, through the form's idempotency key), and
 * the customer page's payments section.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { staffPage } from '../../http/authenticate.ts';
import { inTenant } from '../../http/app-context.ts';
import { allTexts, firstText } from '../../http/form-values.ts';
import { checkIdempotencyKey, runOnce } from '../../http/idempotency.ts';
import type { StaffPrincipal } from '../../http/principal.ts';
import { renderFragment, renderPage } from '../../http/render.tsx';
import { AppError } from '../../lib/errors.ts';
import { fieldMessages } from '../../views/layout.tsx';
import { CustomerPaymentsContent } from './customer-payments-view.tsx';
import { getCustomerPayments } from './get-customer-payments.ts';
import { getPaymentForm } from './get-payment-form.ts';
import { listPayments } from './list-payments.ts';
import { loadMoneyFormat } from './money-format.ts';
import { isPaymentMethod } from './payment-input.ts';
import { presentRecorded } from './payment-schemas.ts';
import { PaymentFormPage, PaymentListPage, type PaymentFormValues } from './payment-views.tsx';
import { recordPayment } from './record-payment.ts';

type Query = Record<string, unknown>;
const PAGE_SIZE = 50;

function formValues(body: Query): PaymentFormValues {
  const t = (k: string) => firstText(body[k]) ?? '';
  return {
    amount: t('amount'),
    method: t('method'),
    reference: t('reference'),
    receivedOn: t('receivedOn'),
    notes: t('notes'),
    invoiceIds: allTexts(body.invoiceIds),
    idempotencyKey: t('idempotencyKey') || randomUUID(),
  };
}

async function renderForm(request: FastifyRequest, reply: FastifyReply, customerId: string, values: PaymentFormValues, error?: AppError): Promise<FastifyReply> {
  const form = await inTenant(request, (ctx) => getPaymentForm(ctx, { customerId }));
  const message = error ? (error.status === 422 ? 'Please fix the highlighted fields. Nothing was recorded.' : error.message) : undefined;
  return renderPage(
    reply.status(error?.status ?? 200),
    <PaymentFormPage principal={request.principal as StaffPrincipal} form={form} values={values} errors={error ? fieldMessages(error.fields) : {}} message={message} />,
  );
}

export async function paymentPages(app: FastifyInstance): Promise<void> {
  app.get<{ Querystring: Query }>('/app/payments', { schema: { hide: true }, onRequest: staffPage('billing.read') }, async (request, reply) => {
    const q = request.query;
    const method = firstText(q.method) ?? '';
    const params = { q: (firstText(q.q) ?? '').slice(0, 100), customerId: firstText(q.customerId) ?? '', method: isPaymentMethod(method) ? method : '', cursor: firstText(q.cursor) || undefined };
    const data = await inTenant(request, async (ctx) => ({
      page: await listPayments(ctx, { reference: params.q, customerId: params.customerId || undefined, method: isPaymentMethod(method) ? method : undefined, limit: PAGE_SIZE, cursor: params.cursor }),
      fmt: await loadMoneyFormat(ctx),
    }));
    return renderPage(reply, <PaymentListPage principal={request.principal as StaffPrincipal} items={data.page.items} nextCursor={data.page.nextCursor} params={params} fmt={data.fmt} />);
  });

  app.get<{ Querystring: Query }>('/app/payments/new', { schema: { hide: true }, onRequest: staffPage('payments.collect') }, async (request, reply) =>
    renderForm(request, reply, firstText(request.query.customerId) ?? '', { idempotencyKey: randomUUID() }),
  );

  app.post<{ Body: Query }>('/app/payments', { schema: { hide: true }, onRequest: staffPage('payments.collect') }, async (request, reply) => {
    const body = request.body ?? {};
    const customerId = firstText(body.customerId) ?? '';
    const values = formValues(body);
    try {
      const key = checkIdempotencyKey(values.idempotencyKey);
      const input = { customerId, amount: values.amount, method: values.method, reference: values.reference, receivedOn: values.receivedOn, notes: values.notes, invoiceIds: values.invoiceIds };
      const done = await inTenant(request, (ctx) => runOnce(ctx, { key, operation: 'payments.record', body: input }, 201, async () => presentRecorded(await recordPayment(ctx, input))));
      const receiptId = (done.body as { receipt: { id: string } }).receipt.id;
      return reply.redirect(`/app/receipts/${receiptId}?notice=recorded`, 303);
    } catch (err) {
      if (!(err instanceof AppError) || (err.status !== 422 && err.status !== 409 && err.status !== 400)) throw err;
      return renderForm(request, reply, customerId, values, err);
    }
  });

  app.get<{ Params: { id: string } }>('/app/customers/:id/payments', { schema: { hide: true }, onRequest: staffPage('billing.read') }, async (request, reply) => {
    const data = await inTenant(request, (ctx) => getCustomerPayments(ctx, { customerId: request.params.id }));
    return renderFragment(reply, <CustomerPaymentsContent principal={request.principal as StaffPrincipal} data={data} />);
  });
}
