/** /app pages for receipts (list, one receipt, voiding it) and the cashier's end-of-day view. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { staffPage } from '../../http/authenticate.ts';
import { inTenant } from '../../http/app-context.ts';
import { firstText } from '../../http/form-values.ts';
import type { StaffPrincipal } from '../../http/principal.ts';
import { renderPage } from '../../http/render.tsx';
import { AppError } from '../../lib/errors.ts';
import { ownValue } from '../../lib/own-value.ts';
import { CashierPage } from './cashier-view.tsx';
import { getCashierReport } from './get-cashier-report.ts';
import { getReceipt } from './get-receipt.ts';
import { listReceipts } from './list-receipts.ts';
import { loadMoneyFormat } from './money-format.ts';
import { ReceiptListPage, ReceiptPage } from './receipt-views.tsx';
import { voidReceipt } from './void-receipt.ts';

type Query = Record<string, unknown>;

const NOTICES: Record<string, string> = {
  recorded: 'Payment recorded and receipt issued.',
  'topped-up': 'Payment recorded, prepaid time bought and receipt issued.',
  voided: 'Receipt voided. What it paid is due again.',
};

async function showReceipt(request: FastifyRequest, reply: FastifyReply, id: string, options: { notice?: string | undefined; error?: AppError; reason?: string } = {}): Promise<FastifyReply> {
  const data = await inTenant(request, async (ctx) => ({ ...(await getReceipt(ctx, { receiptId: id })), fmt: await loadMoneyFormat(ctx) }));
  const error = options.error ? { message: options.error.message, reason: options.error.fields.find((f) => f.field === 'reason')?.message } : undefined;
  return renderPage(
    reply.status(options.error?.status ?? 200),
    <ReceiptPage principal={request.principal as StaffPrincipal} receipt={data.receipt} payment={data.payment} fmt={data.fmt} notice={options.notice} error={error} reason={options.reason} />,
  );
}

export async function receiptPages(app: FastifyInstance): Promise<void> {
  app.get<{ Querystring: Query }>('/app/receipts', { schema: { hide: true }, onRequest: staffPage('billing.read') }, async (request, reply) => {
    const customerId = firstText(request.query.customerId) ?? '';
    const data = await inTenant(request, async (ctx) => ({
      page: await listReceipts(ctx, { customerId: customerId || undefined, limit: 50, cursor: firstText(request.query.cursor) || undefined }),
      fmt: await loadMoneyFormat(ctx),
    }));
    return renderPage(reply, <ReceiptListPage principal={request.principal as StaffPrincipal} items={data.page.items} nextCursor={data.page.nextCursor} customerId={customerId} fmt={data.fmt} />);
  });

  app.get<{ Params: { id: string }; Querystring: Query }>('/app/receipts/:id', { schema: { hide: true }, onRequest: staffPage('billing.read') }, async (request, reply) =>
    showReceipt(request, reply, request.params.id, { notice: ownValue(NOTICES, firstText(request.query.notice)) }),
  );

  app.post<{ Params: { id: string }; Body: Query }>('/app/receipts/:id/void', { schema: { hide: true }, onRequest: staffPage('billing.manage') }, async (request, reply) => {
    const reason = firstText(request.body?.reason) ?? '';
    try {
      await inTenant(request, (ctx) => voidReceipt(ctx, { receiptId: request.params.id, reason }));
      return reply.redirect(`/app/receipts/${request.params.id}?notice=voided`, 303);
    } catch (err) {
      if (!(err instanceof AppError) || (err.status !== 422 && err.status !== 409)) throw err;
      return showReceipt(request, reply, request.params.id, { error: err, reason });
    }
  });

  app.get<{ Querystring: Query }>('/app/reports/cashier', { schema: { hide: true }, onRequest: staffPage('billing.read') }, async (request, reply) => {
    const date = firstText(request.query.date) ?? '';
    const principal = request.principal as StaffPrincipal;
    try {
      const data = await inTenant(request, async (ctx) => ({ report: await getCashierReport(ctx, { date }), fmt: await loadMoneyFormat(ctx) }));
      return renderPage(reply, <CashierPage principal={principal} report={data.report} fmt={data.fmt} />);
    } catch (err) {
      if (!(err instanceof AppError) || err.status !== 422) throw err;
      // A date that is not one: show today, and say what was wrong.
      const data = await inTenant(request, async (ctx) => ({ report: await getCashierReport(ctx, {}), fmt: await loadMoneyFormat(ctx) }));
      return renderPage(reply.status(422), <CashierPage principal={principal} report={data.report} fmt={data.fmt} dateError={err.message} />);
    }
  });
}
