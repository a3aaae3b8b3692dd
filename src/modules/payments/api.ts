/**
 * /api/v1 payments, receipts, prepaid top-ups and the cashier report. Every POST that moves
 * money takes an Idempotency-Key (src/http/idempotency.ts).
 */
import type { FastifyInstance } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import { apiAuth } from '../../http/authenticate.ts';
import { inTenant } from '../../http/app-context.ts';
import { IdParamsSchema, PageQuerySchema, pageOf, problemResponses } from '../../http/api-schemas.ts';
import { runIdempotent } from '../../http/idempotency.ts';
import { buyPrepaidTopUp } from './buy-prepaid-time.ts';
import { getCashierReport } from './get-cashier-report.ts';
import { getPayment } from './get-payment.ts';
import { getReceipt } from './get-receipt.ts';
import { listPayments } from './list-payments.ts';
import { listReceipts } from './list-receipts.ts';
import {
  MethodSchema,
  PaymentDetailSchema,
  PaymentRecordedSchema,
  PaymentSchema,
  PrepaidPreviewSchema,
  ReceiptSchema,
  TopUpSchema,
  presentAllocation,
  presentPayment,
  presentPreview,
  presentPurchase,
  presentReceipt,
  presentRecorded,
} from './payment-schemas.ts';
import { previewPrepaidTopUp } from './preview-prepaid-top-up.ts';
import { recordPayment } from './record-payment.ts';
import { voidReceipt } from './void-receipt.ts';
import { CashierReportSchema, presentCashierReport } from './cashier-schemas.ts';

const Uuid = Type.String({ format: 'uuid' });
const IdempotencyHeaders = Type.Object({
  'idempotency-key': Type.Optional(Type.String({ description: 'Up to 255 printable characters. A retry with the same key and body returns the first response; other content is a 422' })),
});

const PaymentFields = {
  amount: Type.String({ maxLength: 40, description: 'Major units of the company currency, e.g. "1499.50"' }),
  method: Type.String({ maxLength: 40, description: 'cash, bank_transfer, cheque, gcash, maya, mpesa, card or other' }),
  reference: Type.Optional(Type.String({ maxLength: 200, description: 'Transaction, cheque or approval number; required unless cash' })),
  receivedOn: Type.Optional(Type.String({ maxLength: 20, description: 'YYYY-MM-DD, default today; not in the future' })),
  notes: Type.Optional(Type.String({ maxLength: 2000 })),
};

const RecordBody = Type.Object(
  {
    customerId: Type.String({ maxLength: 100 }),
    ...PaymentFields,
    invoiceIds: Type.Optional(Type.Array(Type.String({ maxLength: 100 }), { maxItems: 100, description: 'Invoices to pay first, in this order; the rest pays the oldest open invoices' })),
  },
  { additionalProperties: false },
);
const TopUpBody = Type.Object(PaymentFields, { additionalProperties: false });
const PreviewBody = Type.Object({ amount: Type.String({ maxLength: 40 }) }, { additionalProperties: false });
const VoidBody = Type.Object({ reason: Type.Optional(Type.String({ maxLength: 1000 })) }, { additionalProperties: false });

const ListQuery = Type.Composite([
  PageQuerySchema,
  Type.Object({
    q: Type.Optional(Type.String({ maxLength: 100, description: 'Part of the reference, any case' })),
    customerId: Type.Optional(Uuid),
    method: Type.Optional(MethodSchema),
    status: Type.Optional(Type.Union([Type.Literal('posted'), Type.Literal('void')])),
  }),
]);
const ReceiptListQuery = Type.Composite([PageQuerySchema, Type.Object({ customerId: Type.Optional(Uuid) })]);
const CashierQuery = Type.Object({ date: Type.Optional(Type.String({ maxLength: 20, description: 'YYYY-MM-DD; default today in the company zone' })) });

export async function paymentsApi(app: FastifyInstance): Promise<void> {
  app.post<{ Body: Static<typeof RecordBody> }>(
    '/api/v1/payments',
    {
      onRequest: apiAuth('payments.collect'),
      schema: {
        tags: ['payments'],
        summary: 'Record a payment: allocated to the invoices picked, then the oldest open ones; the rest stays as credit. Issues its receipt',
        headers: IdempotencyHeaders,
        body: RecordBody,
        response: { 201: PaymentRecordedSchema, ...problemResponses },
      },
    },
    async (request, reply) =>
      runIdempotent(request, reply, { operation: 'payments.record', body: request.body, status: 201 }, async (ctx) => presentRecorded(await recordPayment(ctx, request.body))),
  );

  app.get<{ Querystring: Static<typeof ListQuery> }>(
    '/api/v1/payments',
    { onRequest: apiAuth('billing.read'), schema: { tags: ['payments'], summary: 'List payments, newest first; search by reference and customer', querystring: ListQuery, response: { 200: pageOf(PaymentSchema), ...problemResponses } } },
    async (request) => {
      const { q, limit = 50, ...filter } = request.query;
      const page = await inTenant(request, (ctx) => listPayments(ctx, { ...filter, reference: q, limit }));
      return { items: page.items.map(presentPayment), nextCursor: page.nextCursor };
    },
  );

  app.get<{ Params: Static<typeof IdParamsSchema> }>(
    '/api/v1/payments/:id',
    { onRequest: apiAuth('billing.read'), schema: { tags: ['payments'], summary: 'One payment with its receipt and allocations', params: IdParamsSchema, response: { 200: PaymentDetailSchema, ...problemResponses } } },
    async (request) => {
      const d = await inTenant(request, (ctx) => getPayment(ctx, { paymentId: request.params.id }));
      return { payment: presentPayment(d.payment), receipt: presentReceipt(d.receipt), allocations: d.allocations.map(presentAllocation) };
    },
  );

  app.get<{ Querystring: Static<typeof ReceiptListQuery> }>(
    '/api/v1/receipts',
    { onRequest: apiAuth('billing.read'), schema: { tags: ['payments'], summary: 'List receipts, newest first (voided ones included, marked)', querystring: ReceiptListQuery, response: { 200: pageOf(ReceiptSchema), ...problemResponses } } },
    async (request) => {
      const { limit = 50, ...filter } = request.query;
      const page = await inTenant(request, (ctx) => listReceipts(ctx, { ...filter, limit }));
      return { items: page.items.map(presentReceipt), nextCursor: page.nextCursor };
    },
  );

  app.get<{ Params: Static<typeof IdParamsSchema> }>(
    '/api/v1/receipts/:id',
    { onRequest: apiAuth('billing.read'), schema: { tags: ['payments'], summary: 'One receipt as issued', params: IdParamsSchema, response: { 200: ReceiptSchema, ...problemResponses } } },
    async (request) => presentReceipt((await inTenant(request, (ctx) => getReceipt(ctx, { receiptId: request.params.id }))).receipt),
  );

  app.post<{ Params: Static<typeof IdParamsSchema>; Body: Static<typeof VoidBody> }>(
    '/api/v1/receipts/:id/void',
    {
      onRequest: apiAuth('billing.manage'),
      preValidation: async (request) => {
        request.body ??= {};
      },
      schema: {
        tags: ['payments'],
        summary: 'Void a receipt (reason required): its allocations are reversed and the payment no longer counts; it stays listed, marked void',
        headers: IdempotencyHeaders,
        params: IdParamsSchema,
        body: VoidBody,
        response: { 200: Type.Object({ receipt: ReceiptSchema, reversedMinor: Type.Integer() }), ...problemResponses },
      },
    },
    async (request, reply) =>
      runIdempotent(request, reply, { operation: 'receipts.void', body: { receiptId: request.params.id, ...request.body }, status: 200 }, async (ctx) => {
        const result = await voidReceipt(ctx, { receiptId: request.params.id, reason: request.body.reason });
        return { receipt: presentReceipt(result.receipt), reversedMinor: result.reversedMinor };
      }),
  );

  app.post<{ Params: Static<typeof IdParamsSchema>; Body: Static<typeof PreviewBody> }>(
    '/api/v1/services/:id/prepaid-preview',
    {
      onRequest: apiAuth('payments.collect'),
      schema: { tags: ['payments'], summary: 'What a top-up of this amount would buy for a prepaid service (writes nothing)', params: IdParamsSchema, body: PreviewBody, response: { 200: PrepaidPreviewSchema, ...problemResponses } },
    },
    async (request) => presentPreview(await inTenant(request, (ctx) => previewPrepaidTopUp(ctx, { serviceId: request.params.id, amount: request.body.amount }))),
  );

  app.post<{ Params: Static<typeof IdParamsSchema>; Body: Static<typeof TopUpBody> }>(
    '/api/v1/services/:id/prepaid-top-ups',
    {
      onRequest: apiAuth('payments.collect'),
      schema: {
        tags: ['payments'],
        summary: 'Buy prepaid time: records the payment, issues a paid prepaid invoice and the receipt, moves paid-until (and turns a lapsed service back on)',
        headers: IdempotencyHeaders,
        params: IdParamsSchema,
        body: TopUpBody,
        response: { 201: TopUpSchema, ...problemResponses },
      },
    },
    async (request, reply) =>
      runIdempotent(request, reply, { operation: 'services.prepaid_top_up', body: { serviceId: request.params.id, ...request.body }, status: 201 }, async (ctx) => {
        const bought = await buyPrepaidTopUp(ctx, { ...request.body, serviceId: request.params.id });
        return { ...presentRecorded(bought), invoice: bought.invoice, purchase: presentPurchase(bought.purchase), reactivated: bought.reactivated };
      }),
  );

  app.get<{ Querystring: Static<typeof CashierQuery> }>(
    '/api/v1/reports/cashier',
    {
      onRequest: apiAuth('billing.read'),
      schema: { tags: ['payments'], summary: 'End of day: what each staff member collected by method on a date, totals, and that day’s voided payments', querystring: CashierQuery, response: { 200: CashierReportSchema, ...problemResponses } },
    },
    async (request) => presentCashierReport(await inTenant(request, (ctx) => getCashierReport(ctx, { date: request.query.date }))),
  );
}
