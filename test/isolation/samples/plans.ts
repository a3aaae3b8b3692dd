/** Route-matrix samples for service plans. See route-samples.ts for what a sample must do. */
import { json, next, type RouteSample, type SampleContext, type SampleEntity } from '../sample-kit.ts';

async function victimPlan(ctx: SampleContext, options: { retired?: boolean } = {}): Promise<SampleEntity> {
  const plan = await json<{ id: string }>(ctx, ctx.victim, 'POST', '/api/v1/plans', {
    name: `Victim Plan ${next()}`,
    downloadMbps: 100,
    uploadMbps: 50,
    priceMinor: 149900,
  });
  if (options.retired) await json(ctx, ctx.victim, 'POST', `/api/v1/plans/${plan.id}/retire`);
  return { table: 'service_plans', id: plan.id };
}

export const planSamples: Record<string, RouteSample> = {
  'POST /api/v1/plans': { body: () => ({ name: `Anon plan ${next()}`, downloadMbps: 10, uploadMbps: 10, priceMinor: 100 }) },
  'GET /api/v1/plans/:id': { create: (ctx) => victimPlan(ctx) },
  'PATCH /api/v1/plans/:id': { create: (ctx) => victimPlan(ctx), body: () => ({ priceMinor: 1 }) },
  'DELETE /api/v1/plans/:id': { create: (ctx) => victimPlan(ctx) },
  'POST /api/v1/plans/:id/retire': { create: (ctx) => victimPlan(ctx) },
  'POST /api/v1/plans/:id/reactivate': { create: (ctx) => victimPlan(ctx, { retired: true }) },
  'GET /app/plans/:id/edit': { create: (ctx) => victimPlan(ctx) },
  'POST /app/plans/:id': {
    create: (ctx) => victimPlan(ctx),
    body: () => ({ name: `Taken over ${next()}`, downloadMbps: '1', uploadMbps: '1', price: '0.01', periodUnit: 'month', periodCount: '1', taxClass: 'standard' }),
  },
  'POST /app/plans/:id/retire': { create: (ctx) => victimPlan(ctx) },
  'POST /app/plans/:id/reactivate': { create: (ctx) => victimPlan(ctx, { retired: true }) },
  'POST /app/plans/:id/delete': { create: (ctx) => victimPlan(ctx) },
};
