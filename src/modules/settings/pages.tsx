/** /app/settings: company details, region and logo; billing settings and tax rates beside it. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import multipart from '@fastify/multipart';
import { staffPage } from '../../http/authenticate.ts';
import { inTenant } from '../../http/app-context.ts';
import { renderPage } from '../../http/render.tsx';
import type { StaffPrincipal } from '../../http/principal.ts';
import { AppError } from '../../lib/errors.ts';
import { fieldMessages } from '../../views/layout.tsx';
import { getSettings } from './get-settings.ts';
import { updateSettings } from './update-settings.ts';
import { uploadLogo } from './upload-logo.ts';
import { removeLogo } from './remove-logo.ts';
import { getLogo } from './get-logo.ts';
import { LOGO_MAX_BYTES } from './logo.ts';
import type { TenantSettings } from './settings-repository.ts';
import { SettingsPage, type SettingsForm } from './settings-view.tsx';
import { ownValue } from '../../lib/own-value.ts';
import { billingSettingsPages } from './billing-settings-pages.tsx';

const FORM_FIELDS = [
  'companyName',
  'legalName',
  'taxId',
  'address',
  'phone',
  'email',
  'currency',
  'timeZone',
  'locale',
  'country',
  'accountNumberPrefix',
  'mapTileUrl',
  'mapAttribution',
] as const;

const NOTICES: Record<string, string> = { saved: 'Settings saved.', logo: 'Logo saved.', logo_removed: 'Logo removed.' };

function formOf(s: TenantSettings): SettingsForm {
  return Object.fromEntries(FORM_FIELDS.map((k) => [k, s[k]]));
}

export async function settingsPages(app: FastifyInstance): Promise<void> {
  // Only this plugin accepts multipart bodies. Fields land on request.body before the CSRF
  // check runs. One byte over the limit is read (not thrown) so the use case can answer with
  // a form message instead of a bare 413.
  await app.register(multipart, {
    attachFieldsToBody: 'keyValues',
    throwFileSizeLimit: false,
    limits: { fileSize: LOGO_MAX_BYTES + 1, files: 1, fields: 5, parts: 6, fieldSize: 1024 },
  });

  const show = async (request: FastifyRequest, reply: FastifyReply, opts: { values?: SettingsForm; errors?: Record<string, string>; status?: number; message?: string } = {}) => {
    const p = request.principal as StaffPrincipal;
    const settings = await inTenant(request, (ctx) => getSettings(ctx));
    const notice = typeof (request.query as Record<string, unknown>).notice === 'string' ? ownValue(NOTICES, (request.query as Record<string, string>).notice) : undefined;
    return renderPage(
      reply.status(opts.status ?? 200),
      <SettingsPage
        principal={p}
        settings={settings}
        values={opts.values ?? formOf(settings)}
        errors={opts.errors ?? {}}
        canManage={p.actor.permissions.has('settings.manage')}
        showOutbox={app.mailer.usesOutbox}
        message={opts.message}
        notice={opts.status ? undefined : notice}
      />,
    );
  };

  app.get('/app/settings', { schema: { hide: true }, onRequest: staffPage('settings.read') }, async (request, reply) => show(request, reply));

  app.post<{ Body: Record<string, unknown> }>('/app/settings', { schema: { hide: true }, onRequest: staffPage('settings.manage') }, async (request, reply) => {
    const body = request.body ?? {};
    const values: SettingsForm = Object.fromEntries(FORM_FIELDS.map((k) => [k, typeof body[k] === 'string' ? body[k] : '']));
    try {
      await inTenant(request, (ctx) => updateSettings(ctx, values));
      return reply.redirect('/app/settings?notice=saved', 303);
    } catch (err) {
      if (!(err instanceof AppError) || err.status !== 422) throw err;
      return show(request, reply, { values, errors: fieldMessages(err.fields), status: 422, message: 'Please fix the highlighted fields. Nothing was saved.' });
    }
  });

  app.post<{ Body: Record<string, unknown> }>('/app/settings/logo', { schema: { hide: true }, onRequest: staffPage('settings.manage') }, async (request, reply) => {
    const file = request.body?.logo;
    try {
      await inTenant(request, (ctx) => uploadLogo(ctx, { bytes: Buffer.isBuffer(file) ? file : undefined }));
      return reply.redirect('/app/settings?notice=logo', 303);
    } catch (err) {
      if (!(err instanceof AppError) || err.status !== 422) throw err;
      return show(request, reply, { errors: fieldMessages(err.fields), status: 422, message: err.message });
    }
  });

  app.post('/app/settings/logo/remove', { schema: { hide: true }, onRequest: staffPage('settings.manage') }, async (request, reply) => {
    await inTenant(request, (ctx) => removeLogo(ctx));
    return reply.redirect('/app/settings?notice=logo_removed', 303);
  });

  app.get('/app/settings/logo', { schema: { hide: true }, onRequest: staffPage() }, async (request, reply) => {
    const logo = await inTenant(request, (ctx) => getLogo(ctx));
    return reply.type(logo.contentType).header('cache-control', 'private, max-age=300').header('content-disposition', 'inline').send(logo.bytes);
  });

  await billingSettingsPages(app);
}
