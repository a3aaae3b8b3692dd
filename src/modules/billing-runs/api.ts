/** /api/v1/billing-runs: the run history, one run with its invoices, the dry run, and running billing now. */
import type { FastifyInstance } from 'fastify';
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { apiAuth } from '../../http/authenticate.ts';
import { inTenant } from '../../http/app-context.ts';
import { IdParamsSchema, problemResponses } from '../../http/api-schemas.ts';
import { unauthenticated } from '../../lib/errors.ts';
import { listRecentBillingRuns } from './list-billing-runs.ts';
import { getBillingRun } from './get-billing-run.ts';
import { previewBilling } from './preview-billing.ts';
import { runBilling } from './run-billing.ts';
import { readBillingDate } from './billing-run-input.ts';
import type { BillingRunRow } from './billing-runs-repository.ts';

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const Money = Type.Record(Type.String({ pattern: '^[A-Z]{3}$' }), Type.Integer(), { description: 'Minor units per currency' });
const RunError = Type.Object({ serviceId: Nullable(Type.String({ format: 'uuid' })), reason: Type.String() });

const BillingRunSchema = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    billOn: Type.String({ format: 'date', description: 'Billing date: periods starting on or before it were invoiced' }),
    trigger: Type.Union([Type.Literal('cli'), Type.Literal('schedule'), Type.Literal('staff')]),
    status: Type.Union([Type.Literal('running'), Type.Literal('completed'), Type.Literal('failed'), Type.Literal('interrupted')]),
    startedBy: Type.String(),
    startedAt: Type.String({ format: 'date-time' }),
    finishedAt: Nullable(Type.String({ format: 'date-time' })),
    invoicesCreated: Type.Integer(),
    totals: Money,
    planChangesApplied: Type.Integer(),
    servicesExpired: Type.Integer(),
    skipped: Type.Integer(),
    errors: Type.Array(RunError),
  },
  { $id: 'BillingRun' },
);

const RunInvoiceSchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  number: Type.String(),
  customerId: Type.String({ format: 'uuid' }),
  customerName: Type.String(),
  periodStart: Nullable(Type.String({ format: 'date' })),
  periodEnd: Nullable(Type.String({ format: 'date', description: 'Exclusive' })),
  totalMinor: Type.Integer(),
  status: Type.String(),
});

const PreviewSchema = Type.Object(
  {
    billOn: Type.String({ format: 'date' }),
    currency: Type.String(),
    invoiceCount: Type.Integer(),
    totalMinor: Type.Integer(),
    creditedMinor: Type.Integer({ description: 'Credit lines (unused days of an old plan) the invoices would carry' }),
    invoices: Type.Array(
      Type.Object({
        serviceId: Type.String({ format: 'uuid' }),
        customerId: Type.String({ format: 'uuid' }),
        customerName: Type.String(),
        periodStart: Type.String({ format: 'date' }),
        periodEnd: Type.String({ format: 'date' }),
        totalMinor: Type.Integer(),
        creditMinor: Type.Integer(),
        lines: Type.Array(Type.Object({ description: Type.String(), totalMinor: Type.Integer() })),
      }),
      { description: 'The first 200 invoices; counts and totals cover all' },
    ),
    planChanges: Type.Array(Type.Object({ serviceId: Type.String(), customerName: Type.String(), fromPlan: Type.String(), toPlan: Type.String(), effectiveOn: Type.String() })),
    expiring: Type.Array(Type.Object({ serviceId: Type.String(), customerName: Type.String(), paidUntil: Type.String({ format: 'date' }) })),
    skipped: Type.Array(RunError),
  },
  { $id: 'BillingPreview' },
);

const DateQuery = Type.Object({ date: Type.Optional(Type.String({ description: 'YYYY-MM-DD; the preview defaults to tomorrow, a run to today (company time zone)' })) });

export function presentRun(r: BillingRunRow): Static<typeof BillingRunSchema> {
  return {
    id: r.id,
    billOn: r.run_on,
    trigger: r.trigger,
    status: r.status,
    startedBy: r.actor_label,
    startedAt: new Date(r.started_at).toISOString(),
    finishedAt: r.finished_at ? new Date(r.finished_at).toISOString() : null,
    invoicesCreated: r.invoices_created,
    totals: Object.fromEntries(Object.entries(r.totals).map(([k, v]) => [k, Number(v)])),
    planChangesApplied: r.plan_changes_applied,
    servicesExpired: r.services_expired,
    skipped: r.skipped,
    errors: r.errors,
  };
}

export async function billingRunsApi(app: FastifyInstance): Promise<void> {
  app.get(
    '/api/v1/billing-runs',
    { onRequest: apiAuth('billing.read'), schema: { tags: ['billing'], summary: 'Recent billing runs, newest first', response: { 200: Type.Object({ items: Type.Array(BillingRunSchema) }), ...problemResponses } } },
    async (request) => ({ items: (await inTenant(request, (ctx) => listRecentBillingRuns(ctx, {}))).map(presentRun) }),
  );

  app.get<{ Querystring: Static<typeof DateQuery> }>(
    '/api/v1/billing-runs/preview',
    {
      onRequest: apiAuth('billing.run'),
      schema: {
        tags: ['billing'],
        summary: 'Dry run: what billing on a date would invoice, credit, switch and expire; writes nothing',
        querystring: DateQuery,
        response: { 200: PreviewSchema, ...problemResponses },
      },
    },
    async (request) => {
      const billOn = readBillingDate(request.query.date);
      return inTenant(request, (ctx) => previewBilling(ctx, { billOn }));
    },
  );

  app.get<{ Params: Static<typeof IdParamsSchema> }>(
    '/api/v1/billing-runs/:id',
    {
      onRequest: apiAuth('billing.read'),
      schema: {
        tags: ['billing'],
        summary: 'One billing run and the invoices it made (first 500)',
        params: IdParamsSchema,
        response: { 200: Type.Object({ run: BillingRunSchema, invoices: Type.Array(RunInvoiceSchema) }), ...problemResponses },
      },
    },
    async (request) => {
      const result = await inTenant(request, (ctx) => getBillingRun(ctx, { id: request.params.id }));
      return { run: presentRun(result.run), invoices: result.invoices };
    },
  );

  app.post<{ Body: Static<typeof DateQuery> }>(
    '/api/v1/billing-runs',
    {
      onRequest: apiAuth('billing.run'),
      schema: {
        tags: ['billing'],
        summary: 'Run billing now',
        description: 'Bills every postpaid service due on the date (default today), applies scheduled plan changes and expires lapsed prepaid services. Safe to repeat: a second run for the same date creates nothing.',
        body: DateQuery,
        response: { 201: BillingRunSchema, ...problemResponses },
      },
    },
    async (request, reply) => {
      const principal = request.principal;
      if (!principal) throw unauthenticated();
      const billOn = readBillingDate(request.body?.date);
      const summary = await runBilling({ db: app.db, now: app.clock }, principal.tenantId, principal.actor, { billOn, trigger: 'staff' });
      const result = await inTenant(request, (ctx) => getBillingRun(ctx, { id: summary.runId }));
      return reply.status(201).send(presentRun(result.run));
    },
  );
}
