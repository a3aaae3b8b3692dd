/** Route-matrix samples for service areas. See route-samples.ts for what a sample must do. */
import { json, next, type RouteSample, type SampleContext, type SampleEntity } from '../sample-kit.ts';

async function victimArea(ctx: SampleContext, options: { inactive?: boolean } = {}): Promise<SampleEntity> {
  const area = await json<{ id: string }>(ctx, ctx.victim, 'POST', '/api/v1/areas', { name: `Victim Area ${next()}`, code: `VA-${next()}`, kind: 'City' });
  if (options.inactive) await json(ctx, ctx.victim, 'PATCH', `/api/v1/areas/${area.id}`, { active: false });
  return { table: 'service_areas', id: area.id };
}

const renameBody = () => ({ name: `Taken over ${next()}`, code: '', kind: 'Hacked' });

export const areaSamples: Record<string, RouteSample> = {
  'POST /api/v1/areas': { body: () => ({ name: `Anon area ${next()}` }) },
  'GET /api/v1/areas/:id': { create: (ctx) => victimArea(ctx) },
  'PATCH /api/v1/areas/:id': { create: (ctx) => victimArea(ctx), body: () => ({ name: `Taken over ${next()}`, active: false }) },
  'DELETE /api/v1/areas/:id': { create: (ctx) => victimArea(ctx) },
  'GET /app/areas/:id/edit': { create: (ctx) => victimArea(ctx) },
  'POST /app/areas/:id': { create: (ctx) => victimArea(ctx), body: renameBody },
  'POST /app/areas/:id/deactivate': { create: (ctx) => victimArea(ctx) },
  'POST /app/areas/:id/reactivate': { create: (ctx) => victimArea(ctx, { inactive: true }) },
  'POST /app/areas/:id/delete': { create: (ctx) => victimArea(ctx) },
};
