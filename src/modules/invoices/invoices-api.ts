/**
 * /api/v1/invoices: list, one invoice, a one-off draft, its lines, and the status steps
 * (finalize, void, void and reissue, uncollectible). The POSTs that move money accept an
 * Idempotency-Key (src/http/idempotency.ts): a retry gets the first answer.
 */
import type { FastifyInstance } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import { apiAuth } from '../../http/authenticate.ts';
import { inTenant } from '../../http/app-context.ts';
import { IdParamsSchema, PageQuerySchema, pageOf, problemResponses } from '../../http/api-schemas.ts';
import { runIdempotent } from '../../http/idempotency.ts';
import type { TenantContext } from '../context.ts';
import { addInvoiceLine } from './add-invoice-line.ts';
import { createInvoice } from './create-invoice.ts';
import { finalizeInvoice } from './finalize-invoice.ts';
import { getInvoice } from './get-invoice.ts';
import { InvoiceSchema, InvoiceStatusSchema, InvoiceSummarySchema, StaffLineBody, presentInvoice, presentInvoiceSummary } from './invoice-schemas.ts';
import { listInvoices } from './list-invoices.ts';
import { markInvoiceUncollectible } from './mark-invoice-uncollectible.ts';
import { reissueInvoice } from './reissue-invoice.ts';
import { removeInvoiceLine } from './remove-invoice-line.ts';
import { voidInvoice } from './void-invoice.ts';

const ListQuery = Type.Composite([
  PageQuerySchema,
  Type.Object({
    status: Type.Optional(InvoiceStatusSchema),
    customerId: Type.Optional(Type.String({ format: 'uuid' })),
    q: Type.Optional(Type.String({ maxLength: 40, description: 'Part of the invoice number' })),
  }),
]);

const CreateBody = Type.Object(
  {
    customerId: Type.String({ format: 'uuid' }),
    lines: Type.Optional(Type.Array(StaffLineBody, { maxItems: 100 })),
    chargeIds: Type.Optional(Type.Array(Type.String({ format: 'uuid' }), { maxItems: 100, description: 'Pending charges of this customer to put on the invoice' })),
    memo: Type.Optional(Type.String({ maxLength: 1000 })),
  },
  { additionalProperties: false },
);

const ReasonBody = Type.Object({ reason: Type.String({ maxLength: 500 }) }, { additionalProperties: false });
const OptionalReasonBody = Type.Object({ reason: Type.Optional(Type.String({ maxLength: 500 })) }, { additionalProperties: false });
const EmptyBody = Type.Object({}, { additionalProperties: false });
const LineParams = Type.Object({ id: Type.String({ format: 'uuid' }), lineId: Type.String({ format: 'uuid' }) });

const tags = ['invoices'];
const invoiceReply = { 200: InvoiceSchema, ...problemResponses };

async function detail(ctx: TenantContext, invoiceId: string) {
  return presentInvoice(await getInvoice(ctx, { invoiceId }));
}

export async function invoicesApi(app: FastifyInstance): Promise<void> {
  app.get<{ Querystring: Static<typeof ListQuery> }>(
    '/api/v1/invoices',
    { onRequest: apiAuth('billing.read'), schema: { tags, summary: 'List invoices, newest first', querystring: ListQuery, response: { 200: pageOf(InvoiceSummarySchema), ...problemResponses } } },
    async (request) => {
      const page = await inTenant(request, (ctx) => listInvoices(ctx, request.query));
      return { items: page.items.map(presentInvoiceSummary), nextCursor: page.nextCursor };
    },
  );

  app.get<{ Params: Static<typeof IdParamsSchema> }>(
    '/api/v1/invoices/:id',
    { onRequest: apiAuth('billing.read'), schema: { tags, summary: 'One invoice with its lines, allocations and credit notes', params: IdParamsSchema, response: invoiceReply } },
    async (request) => inTenant(request, (ctx) => detail(ctx, request.params.id)),
  );

  app.post<{ Body: Static<typeof CreateBody> }>(
    '/api/v1/invoices',
    {
      onRequest: apiAuth('billing.manage'),
      schema: {
        tags,
        summary: 'Create a one-off draft invoice from typed lines and/or pending charges (the charges are marked invoiced)',
        body: CreateBody,
        response: { 201: InvoiceSchema, ...problemResponses },
      },
    },
    async (request, reply) =>
      runIdempotent(request, reply, { operation: 'invoices.create', body: request.body, status: 201 }, async (ctx) => detail(ctx, (await createInvoice(ctx, request.body)).invoiceId)),
  );

  app.post<{ Params: Static<typeof IdParamsSchema>; Body: Static<typeof StaffLineBody> }>(
    '/api/v1/invoices/:id/lines',
    { onRequest: apiAuth('billing.manage'), schema: { tags, summary: 'Add a line to a draft', params: IdParamsSchema, body: StaffLineBody, response: { 201: InvoiceSchema, ...problemResponses } } },
    async (request, reply) => {
      const invoice = await inTenant(request, async (ctx) => {
        await addInvoiceLine(ctx, { ...request.body, invoiceId: request.params.id });
        return detail(ctx, request.params.id);
      });
      return reply.status(201).send(invoice);
    },
  );

  app.delete<{ Params: Static<typeof LineParams> }>(
    '/api/v1/invoices/:id/lines/:lineId',
    { onRequest: apiAuth('billing.manage'), schema: { tags, summary: 'Remove a line from a draft (a charge on it becomes pending again)', params: LineParams, response: invoiceReply } },
    async (request) =>
      inTenant(request, async (ctx) => {
        await removeInvoiceLine(ctx, { invoiceId: request.params.id, lineId: request.params.lineId });
        return detail(ctx, request.params.id);
      }),
  );

  app.post<{ Params: Static<typeof IdParamsSchema>; Body: Static<typeof EmptyBody> }>(
    '/api/v1/invoices/:id/finalize',
    {
      onRequest: apiAuth('billing.manage'),
      preValidation: async (request) => {
        request.body ??= {};
      },
      schema: { tags, summary: 'Finalize a draft: gapless number, dates, ledger, credit applied (409 invoice_not_draft when already finalized)', params: IdParamsSchema, body: EmptyBody, response: invoiceReply },
    },
    async (request, reply) =>
      runIdempotent(request, reply, { operation: 'invoices.finalize', body: { invoiceId: request.params.id }, status: 200 }, async (ctx) => {
        await finalizeInvoice(ctx, { invoiceId: request.params.id });
        return detail(ctx, request.params.id);
      }),
  );

  app.post<{ Params: Static<typeof IdParamsSchema>; Body: Static<typeof ReasonBody> }>(
    '/api/v1/invoices/:id/void',
    {
      onRequest: apiAuth('billing.manage'),
      schema: { tags, summary: 'Void a finalized invoice: its allocations are reversed (the money becomes credit again) and the ledger gets minus its total', params: IdParamsSchema, body: ReasonBody, response: invoiceReply },
    },
    async (request, reply) =>
      runIdempotent(request, reply, { operation: 'invoices.void', body: { invoiceId: request.params.id, ...request.body }, status: 200 }, async (ctx) => {
        await voidInvoice(ctx, { invoiceId: request.params.id, reason: request.body.reason });
        return detail(ctx, request.params.id);
      }),
  );

  app.post<{ Params: Static<typeof IdParamsSchema>; Body: Static<typeof ReasonBody> }>(
    '/api/v1/invoices/:id/reissue',
    {
      onRequest: apiAuth('billing.manage'),
      schema: { tags, summary: 'Void an invoice and create a draft copying its lines; answers with the new draft', params: IdParamsSchema, body: ReasonBody, response: { 201: InvoiceSchema, ...problemResponses } },
    },
    async (request, reply) =>
      runIdempotent(request, reply, { operation: 'invoices.reissue', body: { invoiceId: request.params.id, ...request.body }, status: 201 }, async (ctx) =>
        detail(ctx, (await reissueInvoice(ctx, { invoiceId: request.params.id, reason: request.body.reason })).draftId),
      ),
  );

  app.post<{ Params: Static<typeof IdParamsSchema>; Body: Static<typeof OptionalReasonBody> }>(
    '/api/v1/invoices/:id/uncollectible',
    {
      onRequest: apiAuth('billing.manage'),
      preValidation: async (request) => {
        request.body ??= {};
      },
      schema: { tags, summary: 'Mark an open invoice uncollectible (the balance does not change)', params: IdParamsSchema, body: OptionalReasonBody, response: invoiceReply },
    },
    async (request) =>
      inTenant(request, async (ctx) => {
        await markInvoiceUncollectible(ctx, { invoiceId: request.params.id, reason: request.body.reason });
        return detail(ctx, request.params.id);
      }),
  );
}
