/** /app/billing: run history, one run, the dry run and "run billing now". */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { staffPage } from '../../http/authenticate.ts';
import { inTenant } from '../../http/app-context.ts';
import { renderPage } from '../../http/render.tsx';
import type { StaffPrincipal } from '../../http/principal.ts';
import { firstText } from '../../http/form-values.ts';
import { AppError, unauthenticated } from '../../lib/errors.ts';
import { can, type TenantContext } from '../context.ts';
import { loadBillingSettings } from '../billing/billing-settings.ts';
import { listRecentBillingRuns } from './list-billing-runs.ts';
import { getBillingRun } from './get-billing-run.ts';
import { previewBilling } from './preview-billing.ts';
import { runBilling } from './run-billing.ts';
import { readBillingDate } from './billing-run-input.ts';
import { BillingPreviewPage, BillingRunPage, BillingRunsPage, type Zone } from './billing-run-views.tsx';

async function zoneOf(ctx: TenantContext): Promise<Zone> {
  const s = await loadBillingSettings(ctx.trx, ctx.tenantId);
  return { timeZone: s.timeZone, locale: s.locale, currency: s.currency };
}

async function showRuns(request: FastifyRequest, reply: FastifyReply, extra: { error?: string; notice?: string } = {}, status = 200) {
  const principal = request.principal as StaffPrincipal;
  const data = await inTenant(request, async (ctx) => ({ runs: await listRecentBillingRuns(ctx, {}), zone: await zoneOf(ctx) }));
  return renderPage(reply.status(status), <BillingRunsPage principal={principal} runs={data.runs} zone={data.zone} canRun={can(principal.actor, 'billing.run')} {...extra} />);
}

export async function billingRunPages(app: FastifyInstance): Promise<void> {
  app.get('/app/billing', { schema: { hide: true }, onRequest: staffPage('billing.read') }, (request, reply) => showRuns(request, reply));

  app.get<{ Querystring: Record<string, unknown> }>('/app/billing/preview', { schema: { hide: true }, onRequest: staffPage('billing.run') }, async (request, reply) => {
    let billOn: string | undefined;
    try {
      billOn = readBillingDate(firstText(request.query.date));
    } catch (err) {
      if (err instanceof AppError) return showRuns(request, reply, { error: err.fields[0]?.message ?? err.message }, 422);
      throw err;
    }
    const data = await inTenant(request, async (ctx) => ({ preview: await previewBilling(ctx, { billOn }), zone: await zoneOf(ctx) }));
    return renderPage(reply, <BillingPreviewPage principal={request.principal as StaffPrincipal} preview={data.preview} zone={data.zone} />);
  });

  app.get<{ Params: { id: string } }>('/app/billing/runs/:id', { schema: { hide: true }, onRequest: staffPage('billing.read') }, async (request, reply) => {
    const data = await inTenant(request, async (ctx) => ({ ...(await getBillingRun(ctx, { id: request.params.id })), zone: await zoneOf(ctx) }));
    return renderPage(reply, <BillingRunPage principal={request.principal as StaffPrincipal} run={data.run} invoices={data.invoices} zone={data.zone} />);
  });

  app.post<{ Body: Record<string, unknown> }>('/app/billing/runs', { schema: { hide: true }, onRequest: staffPage('billing.run') }, async (request, reply) => {
    const principal = request.principal;
    if (!principal) throw unauthenticated();
    let billOn: string | undefined;
    try {
      billOn = readBillingDate(firstText(request.body?.date));
    } catch (err) {
      if (err instanceof AppError) return showRuns(request, reply, { error: err.fields[0]?.message ?? err.message }, 422);
      throw err;
    }
    const summary = await runBilling({ db: app.db, now: app.clock }, principal.tenantId, principal.actor, { billOn, trigger: 'staff' });
    return reply.redirect(`/app/billing/runs/${summary.runId}`, 303);
  });
}
