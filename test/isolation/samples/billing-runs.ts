/** Route-matrix samples for billing runs. See route-samples.ts for what a sample must do. */
import { json, type RouteSample, type SampleContext, type SampleEntity } from '../sample-kit.ts';

/** The victim runs billing (nothing is due: the run row is what the attacker aims at). */
async function victimRun(ctx: SampleContext): Promise<SampleEntity> {
  const run = await json<{ id: string }>(ctx, ctx.victim, 'POST', '/api/v1/billing-runs', {});
  return { table: 'billing_runs', id: run.id };
}

export const billingRunSamples: Record<string, RouteSample> = {
  'GET /app/billing/runs/:id': { create: victimRun },
  'GET /api/v1/billing-runs/:id': { create: victimRun },
};
