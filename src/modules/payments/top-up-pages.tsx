/**
 * /app pages for prepaid top-ups: the form, the htmx preview of what an amount buys (a GET
 * that writes nothing), and buying it (once per form, through the form's idempotency key).
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { staffPage } from '../../http/authenticate.ts';
import { inTenant } from '../../http/app-context.ts';
import { firstText } from '../../http/form-values.ts';
import { checkIdempotencyKey, runOnce } from '../../http/idempotency.ts';
import type { StaffPrincipal } from '../../http/principal.ts';
import { renderFragment, renderPage } from '../../http/render.tsx';
import { AppError } from '../../lib/errors.ts';
import { fieldMessages } from '../../views/layout.tsx';
import { buyPrepaidTopUp } from './buy-prepaid-time.ts';
import { getTopUpForm } from './get-top-up-form.ts';
import { loadMoneyFormat } from './money-format.ts';
import { presentRecorded } from './payment-schemas.ts';
import { previewPrepaidTopUp } from './preview-prepaid-top-up.ts';
import { TopUpPage, TopUpPreview, type TopUpValues } from './top-up-views.tsx';

type Query = Record<string, unknown>;
type IdRequest = FastifyRequest<{ Params: { id: string }; Querystring: Query; Body: Query }>;

function formValues(body: Query): TopUpValues {
  const t = (k: string) => firstText(body[k]) ?? '';
  return { amount: t('amount'), method: t('method'), reference: t('reference'), receivedOn: t('receivedOn'), notes: t('notes'), idempotencyKey: t('idempotencyKey') || randomUUID() };
}

async function renderForm(request: IdRequest, reply: FastifyReply, values: TopUpValues, error?: AppError): Promise<FastifyReply> {
  const form = await inTenant(request, (ctx) => getTopUpForm(ctx, { serviceId: request.params.id }));
  const message = error ? (error.status === 422 ? 'Please fix the highlighted fields. Nothing was recorded.' : error.message) : undefined;
  return renderPage(
    reply.status(error?.status ?? 200),
    <TopUpPage principal={request.principal as StaffPrincipal} form={form} values={values} errors={error ? fieldMessages(error.fields) : {}} message={message} />,
  );
}

export async function topUpPages(app: FastifyInstance): Promise<void> {
  app.get<{ Params: { id: string }; Querystring: Query; Body: Query }>('/app/services/:id/top-up', { schema: { hide: true }, onRequest: staffPage('payments.collect') }, async (request, reply) =>
    renderForm(request, reply, { idempotencyKey: randomUUID() }),
  );

  app.get<{ Params: { id: string }; Querystring: Query }>('/app/services/:id/top-up/preview', { schema: { hide: true }, onRequest: staffPage('payments.collect') }, async (request, reply) => {
    const amount = (firstText(request.query.amount) ?? '').trim();
    const result = await inTenant(request, async (ctx) => {
      const fmt = await loadMoneyFormat(ctx);
      // Not found stays a 404; an amount that buys nothing is a message in the fragment.
      const form = await getTopUpForm(ctx, { serviceId: request.params.id });
      if (amount === '') return { fmt, quote: undefined, problem: undefined };
      try {
        return { fmt, quote: await previewPrepaidTopUp(ctx, { serviceId: form.service.id, amount }), problem: undefined };
      } catch (err) {
        if (!(err instanceof AppError) || err.status !== 422) throw err;
        return { fmt, quote: undefined, problem: err.fields[0]?.message ?? err.message };
      }
    });
    return renderFragment(reply, <TopUpPreview quote={result.quote} problem={result.problem} currency={result.fmt.currency} locale={result.fmt.locale} />);
  });

  app.post<{ Params: { id: string }; Querystring: Query; Body: Query }>('/app/services/:id/top-up', { schema: { hide: true }, onRequest: staffPage('payments.collect') }, async (request, reply) => {
    const values = formValues(request.body ?? {});
    try {
      const key = checkIdempotencyKey(values.idempotencyKey);
      const input = { serviceId: request.params.id, amount: values.amount, method: values.method, reference: values.reference, receivedOn: values.receivedOn, notes: values.notes };
      const done = await inTenant(request, (ctx) =>
        runOnce(ctx, { key, operation: 'services.prepaid_top_up', body: input }, 201, async () => {
          const bought = await buyPrepaidTopUp(ctx, input);
          return { ...presentRecorded(bought), invoice: bought.invoice };
        }),
      );
      const receiptId = (done.body as { receipt: { id: string } }).receipt.id;
      return reply.redirect(`/app/receipts/${receiptId}?notice=topped-up`, 303);
    } catch (err) {
      if (!(err instanceof AppError) || (err.status !== 422 && err.status !== 409 && err.status !== 400)) throw err;
      return renderForm(request, reply, values, err);
    }
  });
}
