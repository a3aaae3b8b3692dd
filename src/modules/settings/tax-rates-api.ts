/** /api/v1/tax-rates: list, add, edit, delete the tenant's tax rates. */
import type { FastifyInstance } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import { apiAuth } from '../../http/authenticate.ts';
import { inTenant } from '../../http/app-context.ts';
import { IdParamsSchema, problemResponses } from '../../http/api-schemas.ts';
import { createTaxRate } from './create-tax-rate.ts';
import { deleteTaxRate } from './delete-tax-rate.ts';
import { listTaxRates } from './list-tax-rates.ts';
import type { TaxRateView } from './tax-rates-repository.ts';
import { updateTaxRate } from './update-tax-rate.ts';

const TaxRateSchema = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    taxClass: Type.String({ description: 'Key that plans and one-off charges name' }),
    name: Type.String({ description: 'Printed on invoice lines' }),
    rate: Type.String({ description: 'Percent without the sign, exactly as stored: "12", "7.5"' }),
    ratePpm: Type.Integer({ description: 'The rate in parts per million: 12% is 120000' }),
    inclusive: Type.Boolean({ description: 'true when prices already contain the tax (net = gross / (1 + rate), rounded per line)' }),
    planCount: Type.Integer({ description: 'Active plans in this tax class' }),
    createdAt: Type.String({ format: 'date-time' }),
    updatedAt: Type.String({ format: 'date-time' }),
  },
  { $id: 'TaxRate', description: 'The rate of one tax class. A class without a rate is untaxed.' },
);
type TaxRateBody = Static<typeof TaxRateSchema>;

const fields = {
  taxClass: Type.String({ maxLength: 100, description: 'lower_snake key, 1-40 characters starting with a letter, unique in the tenant (422 on taxClass when taken)' }),
  name: Type.String({ maxLength: 500, description: '1-60 characters, e.g. "VAT 12%"' }),
  rate: Type.String({ maxLength: 20, description: 'Percent as text with at most 4 decimals, 0-100: "12", "7.5". Text, so no float rounding' }),
  inclusive: Type.Boolean({ description: 'true when prices already contain the tax' }),
};
const CreateBodySchema = Type.Object(fields, { additionalProperties: false });
const UpdateBodySchema = Type.Partial(Type.Object(fields), { additionalProperties: false });

function present(r: TaxRateView): TaxRateBody {
  return { ...r, createdAt: r.createdAt.toISOString(), updatedAt: r.updatedAt.toISOString() };
}

const FUTURE_ONLY = 'Applies to invoices issued from now on; lines already invoiced keep the rate they were issued with.';

export async function taxRatesApi(app: FastifyInstance): Promise<void> {
  const one = { params: IdParamsSchema, response: { 200: TaxRateSchema, ...problemResponses } };

  app.get(
    '/api/v1/tax-rates',
    {
      onRequest: apiAuth('settings.read'),
      schema: {
        tags: ['settings'],
        summary: 'Every tax rate of the tenant, by tax class (a handful, so not paged)',
        response: { 200: Type.Object({ items: Type.Array(TaxRateSchema) }), ...problemResponses },
      },
    },
    async (request) => ({ items: (await inTenant(request, (ctx) => listTaxRates(ctx))).map(present) }),
  );

  app.post<{ Body: Static<typeof CreateBodySchema> }>(
    '/api/v1/tax-rates',
    {
      onRequest: apiAuth('settings.manage'),
      schema: { tags: ['settings'], summary: 'Add the rate of a tax class', description: FUTURE_ONLY, body: CreateBodySchema, response: { 201: TaxRateSchema, ...problemResponses } },
    },
    async (request, reply) => reply.status(201).send(present(await inTenant(request, (ctx) => createTaxRate(ctx, request.body)))),
  );

  app.patch<{ Params: Static<typeof IdParamsSchema>; Body: Static<typeof UpdateBodySchema> }>(
    '/api/v1/tax-rates/:id',
    {
      onRequest: apiAuth('settings.manage'),
      schema: { tags: ['settings'], summary: 'Edit a tax rate (omitted fields stay)', description: FUTURE_ONLY, body: UpdateBodySchema, ...one },
    },
    async (request) => present(await inTenant(request, (ctx) => updateTaxRate(ctx, { ...request.body, taxRateId: request.params.id }))),
  );

  app.delete<{ Params: Static<typeof IdParamsSchema> }>(
    '/api/v1/tax-rates/:id',
    {
      onRequest: apiAuth('settings.manage'),
      schema: {
        tags: ['settings'],
        summary: 'Delete a tax rate: its class is untaxed on invoices issued from now on',
        description: 'Lines already invoiced keep their own rate.',
        params: IdParamsSchema,
        response: { 204: Type.Null(), ...problemResponses },
      },
    },
    async (request, reply) => {
      await inTenant(request, (ctx) => deleteTaxRate(ctx, { taxRateId: request.params.id }));
      return reply.status(204).send();
    },
  );
}
