/**
 * /api/v1: a customer's balance and ledger, refunds out of a credit source and balance
 * adjustments. The two POSTs move money and accept an Idempotency-Key.
 */
import type { FastifyInstance } from 'fastify';
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { apiAuth } from '../../http/authenticate.ts';
import { inTenant } from '../../http/app-context.ts';
import { IdParamsSchema, PageQuerySchema, pageOf, problemResponses } from '../../http/api-schemas.ts';
import { runIdempotent } from '../../http/idempotency.ts';
import { MajorAmount } from '../invoices/invoice-schemas.ts';
import { adjustBalance } from './adjust-balance.ts';
import { getCustomerBalance, listLedgerEntries, type LedgerEntry } from './customer-billing.ts';
import { REFUND_METHODS, refundCredit } from './refund-credit.ts';

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const Uuid = Type.String({ format: 'uuid' });
const DateText = Type.String({ format: 'date' });
const SourceKind = Type.Union([Type.Literal('payment'), Type.Literal('credit_note'), Type.Literal('credit_invoice')]);

const LedgerEntrySchema = Type.Object(
  {
    id: Uuid,
    entryType: Type.Union(['invoice', 'invoice_void', 'payment', 'payment_void', 'credit_note', 'refund', 'adjustment'].map((t) => Type.Literal(t))),
    amountMinor: Type.Integer({ description: 'Positive: the customer owes more' }),
    currency: Type.String(),
    effectiveOn: DateText,
    createdAt: Type.String({ format: 'date-time' }),
    description: Type.String(),
    document: Type.Object({
      type: Type.Union(['invoice', 'payment', 'credit_note', 'refund', 'adjustment'].map((t) => Type.Literal(t))),
      id: Uuid,
      number: Nullable(Type.String({ description: 'Invoice, receipt or credit-note number' })),
    }),
    balanceAfterMinor: Type.Integer({ description: 'The balance right after this entry' }),
  },
  { $id: 'LedgerEntry', description: 'One append-only entry of a customer’s account' },
);

const BalanceSchema = Type.Object(
  {
    customerId: Uuid,
    balanceMinor: Type.Integer({ description: 'Sum of the ledger; positive: the customer owes, negative: credit on the account' }),
    currency: Type.String(),
    standing: Type.Union([Type.Literal('owes'), Type.Literal('in_credit'), Type.Literal('settled')]),
    openInvoicesDueMinor: Type.Integer(),
    creditAvailableMinor: Type.Integer({ description: 'Credit not yet applied or refunded' }),
    openInvoices: Type.Array(Type.Object({ id: Uuid, number: Type.String(), totalMinor: Type.Integer(), allocatedMinor: Type.Integer(), dueMinor: Type.Integer() })),
    credit: Type.Array(Type.Object({ kind: SourceKind, id: Uuid, remainingMinor: Type.Integer(), label: Type.String() }), { description: 'Sources a refund can draw from' }),
  },
  { $id: 'CustomerBalance' },
);

const RefundBody = Type.Object(
  {
    customerId: Uuid,
    sourceId: Type.String({ format: 'uuid', description: 'A payment, credit note or negative invoice of this customer with credit left (see credit in the balance)' }),
    amount: MajorAmount('Amount paid back'),
    method: Type.Union(REFUND_METHODS.map((m) => Type.Literal(m))),
    reference: Type.Optional(Type.String({ maxLength: 100 })),
    reason: Type.String({ maxLength: 500 }),
  },
  { additionalProperties: false },
);

const RefundSchema = Type.Object(
  { id: Uuid, customerId: Uuid, sourceKind: SourceKind, sourceId: Uuid, amountMinor: Type.Integer(), currency: Type.String(), refundedOn: DateText },
  { $id: 'Refund' },
);

const AdjustmentBody = Type.Object(
  {
    customerId: Uuid,
    amount: Type.String({ maxLength: 31, description: 'Signed, major units: "250.00" adds to what the customer owes, "-250.00" lowers it' }),
    reason: Type.String({ maxLength: 500 }),
  },
  { additionalProperties: false },
);

const AdjustmentSchema = Type.Object({ id: Uuid, customerId: Uuid, amountMinor: Type.Integer(), currency: Type.String(), effectiveOn: DateText }, { $id: 'BalanceAdjustment' });

function presentEntry({ receiptId: _receipt, ...e }: LedgerEntry): Static<typeof LedgerEntrySchema> {
  return { ...e, createdAt: new Date(e.createdAt).toISOString() };
}

export async function ledgerApi(app: FastifyInstance): Promise<void> {
  app.get<{ Params: Static<typeof IdParamsSchema> }>(
    '/api/v1/customers/:id/balance',
    { onRequest: apiAuth('billing.read'), schema: { tags: ['ledger'], summary: 'A customer’s balance, open invoices and credit', params: IdParamsSchema, response: { 200: BalanceSchema, ...problemResponses } } },
    async (request) => {
      const { customer, ...rest } = await inTenant(request, (ctx) => getCustomerBalance(ctx, { customerId: request.params.id }));
      return { customerId: customer.id, ...rest };
    },
  );

  app.get<{ Params: Static<typeof IdParamsSchema>; Querystring: Static<typeof PageQuerySchema> }>(
    '/api/v1/customers/:id/ledger',
    {
      onRequest: apiAuth('billing.read'),
      schema: { tags: ['ledger'], summary: 'A customer’s ledger entries, newest first, each with the balance after it', params: IdParamsSchema, querystring: PageQuerySchema, response: { 200: pageOf(LedgerEntrySchema), ...problemResponses } },
    },
    async (request) => {
      const page = await inTenant(request, (ctx) => listLedgerEntries(ctx, { customerId: request.params.id, ...request.query }));
      return { items: page.items.map(presentEntry), nextCursor: page.nextCursor };
    },
  );

  app.post<{ Body: Static<typeof RefundBody> }>(
    '/api/v1/refunds',
    { onRequest: apiAuth('billing.manage'), schema: { tags: ['ledger'], summary: 'Pay credit back to a customer out of one credit source', body: RefundBody, response: { 201: RefundSchema, ...problemResponses } } },
    async (request, reply) =>
      runIdempotent(request, reply, { operation: 'refunds.create', body: request.body, status: 201 }, async (ctx) => {
        const { refundId, ...rest } = await refundCredit(ctx, request.body);
        return { id: refundId, ...rest };
      }),
  );

  app.post<{ Body: Static<typeof AdjustmentBody> }>(
    '/api/v1/adjustments',
    { onRequest: apiAuth('billing.manage'), schema: { tags: ['ledger'], summary: 'Correct a customer’s balance (signed amount, reason)', body: AdjustmentBody, response: { 201: AdjustmentSchema, ...problemResponses } } },
    async (request, reply) =>
      runIdempotent(request, reply, { operation: 'adjustments.create', body: request.body, status: 201 }, async (ctx) => {
        const { adjustmentId, ...rest } = await adjustBalance(ctx, request.body);
        return { id: adjustmentId, ...rest };
      }),
  );
}
