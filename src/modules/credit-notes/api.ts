/** /api/v1/credit-notes: issue one against a finalized invoice, read one. */
import type { FastifyInstance } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import { apiAuth } from '../../http/authenticate.ts';
import { inTenant } from '../../http/app-context.ts';
import { IdParamsSchema, problemResponses } from '../../http/api-schemas.ts';
import { runIdempotent } from '../../http/idempotency.ts';
import type { TenantContext } from '../context.ts';
import { CreditNoteSchema, MajorAmount, presentCreditNote } from '../invoices/invoice-schemas.ts';
import { getCreditNote } from './get-credit-note.ts';
import { issueCreditNote } from './issue-credit-note.ts';

const IssueBody = Type.Object(
  {
    invoiceId: Type.String({ format: 'uuid' }),
    amount: MajorAmount('Gross amount to credit; at most what is left on the invoice after earlier credit notes'),
    reason: Type.String({ maxLength: 500 }),
  },
  { additionalProperties: false },
);

const tags = ['credit notes'];

async function present(ctx: TenantContext, creditNoteId: string) {
  const d = await getCreditNote(ctx, { creditNoteId });
  return presentCreditNote(d.creditNote, { invoiceNumber: d.invoiceNumber, remainingMinor: d.remainingMinor });
}

export async function creditNotesApi(app: FastifyInstance): Promise<void> {
  app.post<{ Body: Static<typeof IssueBody> }>(
    '/api/v1/credit-notes',
    {
      onRequest: apiAuth('billing.manage'),
      schema: {
        tags,
        summary: 'Issue a credit note: tax credited in the invoice’s proportion, applied to that invoice while it is due, the rest stays as credit',
        body: IssueBody,
        response: { 201: CreditNoteSchema, ...problemResponses },
      },
    },
    async (request, reply) =>
      runIdempotent(request, reply, { operation: 'credit_notes.issue', body: request.body, status: 201 }, async (ctx) => present(ctx, (await issueCreditNote(ctx, request.body)).creditNote.id)),
  );

  app.get<{ Params: Static<typeof IdParamsSchema> }>(
    '/api/v1/credit-notes/:id',
    { onRequest: apiAuth('billing.read'), schema: { tags, summary: 'One credit note', params: IdParamsSchema, response: { 200: CreditNoteSchema, ...problemResponses } } },
    async (request) => inTenant(request, (ctx) => present(ctx, request.params.id)),
  );
}
