/**
 * /app/settings/billing: billing settings (settings.read to see, settings.manage to change)
 * and the tax rates: add, edit, delete.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { staffPage } from '../../http/authenticate.ts';
import { inTenant } from '../../http/app-context.ts';
import { firstText as text } from '../../http/form-values.ts';
import type { StaffPrincipal } from '../../http/principal.ts';
import { renderPage } from '../../http/render.tsx';
import { AppError } from '../../lib/errors.ts';
import { ownValue } from '../../lib/own-value.ts';
import { fieldMessages } from '../../views/layout.tsx';
import { can } from '../context.ts';
import { BILLING_FIELDS } from './billing-settings-rules.ts';
import { BillingSettingsPage, type BillingForm } from './billing-settings-view.tsx';
import { createTaxRate } from './create-tax-rate.ts';
import { deleteTaxRate } from './delete-tax-rate.ts';
import { getSettings } from './get-settings.ts';
import { getTaxRate, listTaxRates, listUntaxedPlanClasses } from './list-tax-rates.ts';
import type { TenantSettings } from './settings-repository.ts';
import type { TaxRateView } from './tax-rates-repository.ts';
import { TaxRateEditPage, type TaxRateFormValues } from './tax-rates-view.tsx';
import { updateSettings } from './update-settings.ts';
import { updateTaxRate } from './update-tax-rate.ts';

const NOTICES: Record<string, string> = {
  saved: 'Billing settings saved.',
  rate_added: 'Tax rate added. It applies to invoices issued from now on.',
  rate_saved: 'Tax rate saved. It applies to invoices issued from now on.',
  rate_deleted: 'Tax rate deleted. Invoices issued from now on do not tax its class; issued invoices keep their tax.',
};

const FORM_MESSAGE = 'Please fix the highlighted fields. Nothing was saved.';

function billingFormOf(s: TenantSettings): BillingForm {
  return Object.fromEntries(BILLING_FIELDS.map((k) => [k, String(s[k])]));
}

function taxFormOf(body: Record<string, unknown> | undefined): TaxRateFormValues {
  const b = body ?? {};
  return { taxClass: text(b.taxClass) ?? '', name: text(b.name) ?? '', rate: text(b.rate) ?? '', inclusive: text(b.inclusive) ?? '' };
}

/** The form's select says "true" or "false", so only "true" means inclusive. */
function taxInputOf(values: TaxRateFormValues) {
  return { taxClass: values.taxClass ?? '', name: values.name ?? '', rate: values.rate ?? '', inclusive: values.inclusive === 'true' };
}

function is422(err: unknown): err is AppError {
  return err instanceof AppError && err.status === 422;
}

interface ShowOptions {
  values?: BillingForm;
  errors?: Record<string, string>;
  message?: string;
  taxValues?: TaxRateFormValues;
  taxErrors?: Record<string, string>;
  taxMessage?: string;
}

async function show(request: FastifyRequest, reply: FastifyReply, opts: ShowOptions = {}) {
  const p = request.principal as StaffPrincipal;
  const data = await inTenant(request, async (ctx) => ({ settings: await getSettings(ctx), rates: await listTaxRates(ctx), untaxed: await listUntaxedPlanClasses(ctx) }));
  const failed = opts.errors !== undefined || opts.taxErrors !== undefined;
  return renderPage(
    reply.status(failed ? 422 : 200),
    <BillingSettingsPage
      principal={p}
      settings={data.settings}
      canManage={can(p.actor, 'settings.manage')}
      showOutbox={request.server.mailer.usesOutbox}
      values={opts.values ?? billingFormOf(data.settings)}
      errors={opts.errors ?? {}}
      message={opts.message}
      taxRates={data.rates}
      untaxed={data.untaxed}
      taxValues={opts.taxValues ?? { inclusive: 'false' }}
      taxErrors={opts.taxErrors ?? {}}
      taxMessage={opts.taxMessage}
      notice={failed ? undefined : ownValue(NOTICES, text((request.query as Record<string, unknown>).notice))}
    />,
  );
}

function showEdit(request: FastifyRequest, reply: FastifyReply, rate: TaxRateView, values: TaxRateFormValues, err?: AppError) {
  return renderPage(
    reply.status(err ? 422 : 200),
    <TaxRateEditPage
      principal={request.principal as StaffPrincipal}
      rate={rate}
      values={values}
      errors={err ? fieldMessages(err.fields) : {}}
      message={err ? FORM_MESSAGE : undefined}
      showOutbox={request.server.mailer.usesOutbox}
    />,
  );
}

export async function billingSettingsPages(app: FastifyInstance): Promise<void> {
  const manage = { schema: { hide: true }, onRequest: staffPage('settings.manage') };

  app.get('/app/settings/billing', { schema: { hide: true }, onRequest: staffPage('settings.read') }, async (request, reply) => show(request, reply));

  app.post<{ Body: Record<string, unknown> }>('/app/settings/billing', manage, async (request, reply) => {
    const body = request.body ?? {};
    const values: BillingForm = Object.fromEntries(BILLING_FIELDS.map((k) => [k, text(body[k]) ?? '']));
    try {
      await inTenant(request, (ctx) => updateSettings(ctx, values));
      return reply.redirect('/app/settings/billing?notice=saved', 303);
    } catch (err) {
      if (!is422(err)) throw err;
      return show(request, reply, { values, errors: fieldMessages(err.fields), message: FORM_MESSAGE });
    }
  });

  app.post<{ Body: Record<string, unknown> }>('/app/settings/tax-rates', manage, async (request, reply) => {
    const values = taxFormOf(request.body);
    try {
      await inTenant(request, (ctx) => createTaxRate(ctx, taxInputOf(values)));
      return reply.redirect('/app/settings/billing?notice=rate_added#tax-rates', 303);
    } catch (err) {
      if (!is422(err)) throw err;
      return show(request, reply, { taxValues: values, taxErrors: fieldMessages(err.fields), taxMessage: FORM_MESSAGE });
    }
  });

  app.get<{ Params: { id: string } }>('/app/settings/tax-rates/:id/edit', manage, async (request, reply) => {
    const rate = await inTenant(request, (ctx) => getTaxRate(ctx, { taxRateId: request.params.id }));
    return showEdit(request, reply, rate, { taxClass: rate.taxClass, name: rate.name, rate: rate.rate, inclusive: String(rate.inclusive) });
  });

  app.post<{ Params: { id: string }; Body: Record<string, unknown> }>('/app/settings/tax-rates/:id', manage, async (request, reply) => {
    const values = taxFormOf(request.body);
    const taxRateId = request.params.id;
    try {
      await inTenant(request, (ctx) => updateTaxRate(ctx, { ...taxInputOf(values), taxRateId }));
      return reply.redirect('/app/settings/billing?notice=rate_saved#tax-rates', 303);
    } catch (err) {
      if (!is422(err)) throw err;
      const rate = await inTenant(request, (ctx) => getTaxRate(ctx, { taxRateId }));
      return showEdit(request, reply, rate, values, err);
    }
  });

  app.post<{ Params: { id: string } }>('/app/settings/tax-rates/:id/delete', manage, async (request, reply) => {
    await inTenant(request, (ctx) => deleteTaxRate(ctx, { taxRateId: request.params.id }));
    return reply.redirect('/app/settings/billing?notice=rate_deleted#tax-rates', 303);
  });
}
