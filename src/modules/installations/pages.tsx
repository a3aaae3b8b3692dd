/** /app/installations: the list (installation-list-page.tsx), the new-installation form, one installation with its actions. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { staffPage } from '../../http/authenticate.ts';
import { inTenant } from '../../http/app-context.ts';
import type { StaffPrincipal } from '../../http/principal.ts';
import { renderPage } from '../../http/render.tsx';
import { AppError } from '../../lib/errors.ts';
import { fieldMessages } from '../../views/layout.tsx';
import { can, type TenantContext } from '../context.ts';
import { loadPortChoices } from '../plant/port-picker-data.ts';
import { cancelInstallation } from './cancel-installation.ts';
import { changeInstallationPort } from './change-installation-port.ts';
import { completeInstallation } from './complete-installation.ts';
import { createInstallation } from './create-installation.ts';
import { allTexts, firstText } from '../../http/form-values.ts';
import { getInstallation, listTechnicians } from './get-installation.ts';
import { findCustomersToInstall, installationFormChoices, mapSettings } from './installation-form-data.ts';
import { CustomerSearchPage, InstallationFormPage, type InstallationFormValues } from './installation-form-view.tsx';
import { assertInstallationStatus, MOVABLE_STATUSES } from './installation-lifecycle.ts';
import { listPage } from './installation-list-page.tsx';
import { InstallationPage, type SwapFormValues } from './installation-page-view.tsx';
import { editValuesOf, InstallationEditPage, type InstallationEditValues } from './installation-edit-view.tsx';
import { updateInstallation } from './update-installation.ts';
import { rescheduleInstallation } from './reschedule-installation.ts';
import { resumeInstallation } from './resume-installation.ts';
import { suspendInstallation } from './suspend-installation.ts';
import { swapInstallationDevices } from './swap-installation-devices.ts';
import { listInStockDevices } from '../devices/list-cpe-devices.ts';
import type { RemovedCondition } from '../devices/device-moves.ts';
import { terminateInstallation } from './terminate-installation.ts';
import { ownValue } from '../../lib/own-value.ts';

const NOTICES: Record<string, string> = {
  created: 'Installation booked.',
  complete: 'Installation completed.',
  schedule: 'Schedule saved.',
  port: 'Moved to the new port.',
  suspend: 'Installation suspended.',
  resume: 'Installation resumed.',
  terminate: 'Installation terminated. The port is free and the CPE is back in stock.',
  cancel: 'Installation cancelled. The port is free and the CPE is back in stock.',
  devices: 'CPE swapped.',
  updated: 'Installation saved.',
};

type Query = Record<string, unknown>;

function formValues(body: Query): InstallationFormValues {
  return {
    customerId: firstText(body.customerId) ?? '',
    napPortId: firstText(body.napPortId) ?? '',
    cpeDeviceIds: allTexts(body.cpeDeviceIds),
    technicianId: firstText(body.technicianId) ?? '',
    scheduledOn: firstText(body.scheduledOn) ?? '',
    serviceAddress: firstText(body.serviceAddress) ?? '',
    latitude: firstText(body.latitude) ?? '',
    longitude: firstText(body.longitude) ?? '',
    locationAccuracy: firstText(body.locationAccuracy) ?? '',
    locationNotes: firstText(body.locationNotes) ?? '',
    notes: firstText(body.notes) ?? '',
  };
}

async function renderForm(request: FastifyRequest, reply: FastifyReply, values: InstallationFormValues, errors: Record<string, string> = {}, status = 200): Promise<FastifyReply> {
  const principal = request.principal as StaffPrincipal;
  const data = await inTenant(request, async (ctx) => ({
    choices: await installationFormChoices(ctx, values.customerId || undefined),
    ports: await loadPortChoices(ctx, { selectedNapPortId: values.napPortId || undefined }),
  }));
  if (!data.choices.customer) return renderPage(reply.status(status === 200 ? 200 : status), <CustomerSearchPage principal={principal} q="" matches={[]} />);
  return renderPage(
    reply.status(status),
    <InstallationFormPage
      principal={principal}
      choices={data.choices}
      portChoices={data.ports}
      values={values}
      errors={errors}
      message={status === 422 ? 'Please fix the highlighted fields. Nothing was saved.' : undefined}
    />,
  );
}

async function showInstallation(request: FastifyRequest, reply: FastifyReply, id: string, options: { notice?: string | undefined; error?: AppError; status?: number; swapValues?: SwapFormValues } = {}): Promise<FastifyReply> {
  const principal = request.principal as StaffPrincipal;
  const canManage = can(principal.actor, 'installations.manage');
  const data = await inTenant(request, async (ctx) => {
    const found = await getInstallation(ctx, { installationId: id });
    const movable = canManage && MOVABLE_STATUSES.includes(found.installation.status);
    const live = ['scheduled', 'active', 'suspended'].includes(found.installation.status);
    return {
      ...found,
      stockDevices: canManage && live ? await listInStockDevices(ctx) : [],
      technicians: canManage ? await listTechnicians(ctx) : [],
      ports: movable ? await loadPortChoices(ctx, { selectedNapPortId: found.installation.napPortId ?? undefined }) : undefined,
    };
  });
  return renderPage(
    reply.status(options.status ?? 200),
    <InstallationPage
      principal={principal}
      installation={data.installation}
      devices={data.devices}
      canManage={canManage}
      technicians={data.technicians}
      portChoices={data.ports}
      stockDevices={data.stockDevices}
      swapValues={options.swapValues}
      notice={options.notice}
      error={options.error?.message}
      errors={options.error ? fieldMessages(options.error.fields) : {}}
    />,
  );
}

/** The edit page; a terminated or cancelled installation is history and shows its page with a 409. */
async function renderEdit(request: FastifyRequest, reply: FastifyReply, id: string, values?: InstallationEditValues, errors: Record<string, string> = {}, status = 200): Promise<FastifyReply> {
  const principal = request.principal as StaffPrincipal;
  const data = await inTenant(request, async (ctx) => {
    const { installation } = await getInstallation(ctx, { installationId: id });
    // Refuses (409) what cannot be edited before the form is shown.
    assertInstallationStatus(installation, ['scheduled', 'active', 'suspended'], 'edited');
    return { installation, technicians: await listTechnicians(ctx), map: await mapSettings(ctx) };
  });
  return renderPage(
    reply.status(status),
    <InstallationEditPage
      principal={principal}
      installation={data.installation}
      technicians={data.technicians}
      map={data.map}
      values={values ?? editValuesOf(data.installation)}
      errors={errors}
      message={status === 422 ? 'Please fix the highlighted fields. Nothing was saved.' : undefined}
    />,
  );
}

function editFormValues(body: Query): InstallationEditValues {
  const text = (key: string) => firstText(body[key]) ?? '';
  return {
    serviceAddress: text('serviceAddress'),
    latitude: text('latitude'),
    longitude: text('longitude'),
    locationAccuracy: text('locationAccuracy'),
    locationNotes: text('locationNotes'),
    technicianId: text('technicianId'),
    notes: text('notes'),
  };
}

/** The CPE swap form: `add` (repeated), `remove_<deviceId>` = in_stock | faulty (empty: keep), `note`. */
function swapFormValues(body: Query): SwapFormValues {
  const remove: Record<string, string> = {};
  for (const [key, value] of Object.entries(body)) {
    const condition = firstText(value);
    if (key.startsWith('remove_') && condition) remove[key.slice('remove_'.length)] = condition;
  }
  return { add: allTexts(body.add), remove, note: firstText(body.note) ?? '' };
}

type Step = (ctx: TenantContext, id: string, body: Query) => Promise<unknown>;

const STEPS: Record<string, Step> = {
  complete: (ctx, id, b) => completeInstallation(ctx, { installationId: id, completedOn: firstText(b.completedOn) ?? '' }),
  schedule: (ctx, id, b) =>
    rescheduleInstallation(ctx, {
      installationId: id,
      ...(b.scheduledOn !== undefined ? { scheduledOn: firstText(b.scheduledOn) ?? '' } : {}),
      technicianId: firstText(b.technicianId) ?? '',
    }),
  port: (ctx, id, b) => changeInstallationPort(ctx, { installationId: id, napPortId: firstText(b.napPortId) ?? '' }),
  suspend: (ctx, id, b) => suspendInstallation(ctx, { installationId: id, reason: firstText(b.reason) ?? '' }),
  resume: (ctx, id) => resumeInstallation(ctx, { installationId: id }),
  terminate: (ctx, id, b) => terminateInstallation(ctx, { installationId: id, endedOn: firstText(b.endedOn) ?? '', reason: firstText(b.reason) ?? '' }),
  cancel: (ctx, id, b) => cancelInstallation(ctx, { installationId: id, reason: firstText(b.reason) ?? '' }),
};

export async function installationsPages(app: FastifyInstance): Promise<void> {
  app.get<{ Querystring: Query }>('/app/installations', { schema: { hide: true }, onRequest: staffPage('customers.read') }, listPage);

  app.get<{ Querystring: Query }>('/app/installations/new', { schema: { hide: true }, onRequest: staffPage('installations.manage') }, async (request, reply) => {
    const customerId = firstText(request.query.customerId);
    if (customerId) return renderForm(request, reply, { customerId });
    const q = (firstText(request.query.q) ?? '').slice(0, 200);
    const matches = await inTenant(request, (ctx) => findCustomersToInstall(ctx, q));
    return renderPage(reply, <CustomerSearchPage principal={request.principal as StaffPrincipal} q={q} matches={matches} />);
  });

  app.post<{ Body: Query }>('/app/installations', { schema: { hide: true }, onRequest: staffPage('installations.manage') }, async (request, reply) => {
    const values = formValues(request.body ?? {});
    try {
      const installation = await inTenant(request, (ctx) => createInstallation(ctx, { ...values, customerId: values.customerId ?? '' }));
      return reply.redirect(`/app/installations/${installation.id}?notice=created`, 303);
    } catch (err) {
      if (!(err instanceof AppError) || err.status !== 422) throw err;
      return renderForm(request, reply, values, fieldMessages(err.fields), 422);
    }
  });

  app.get<{ Params: { id: string }; Querystring: Query }>('/app/installations/:id', { schema: { hide: true }, onRequest: staffPage('customers.read') }, async (request, reply) =>
    showInstallation(request, reply, request.params.id, { notice: ownValue(NOTICES, firstText(request.query.notice)) }),
  );

  app.get<{ Params: { id: string } }>('/app/installations/:id/edit', { schema: { hide: true }, onRequest: staffPage('installations.manage') }, async (request, reply) => {
    try {
      return await renderEdit(request, reply, request.params.id);
    } catch (err) {
      if (!(err instanceof AppError) || err.status !== 409) throw err;
      return showInstallation(request, reply, request.params.id, { error: err, status: 409 });
    }
  });

  app.post<{ Params: { id: string }; Body: Query }>('/app/installations/:id/edit', { schema: { hide: true }, onRequest: staffPage('installations.manage') }, async (request, reply) => {
    const values = editFormValues(request.body ?? {});
    try {
      await inTenant(request, (ctx) => updateInstallation(ctx, { installationId: request.params.id, ...values }));
      return reply.redirect(`/app/installations/${request.params.id}?notice=updated`, 303);
    } catch (err) {
      if (err instanceof AppError && err.status === 422) return renderEdit(request, reply, request.params.id, values, fieldMessages(err.fields), 422);
      if (err instanceof AppError && err.status === 409) return showInstallation(request, reply, request.params.id, { error: err, status: 409 });
      throw err;
    }
  });

  app.post<{ Params: { id: string }; Body: Query }>('/app/installations/:id/devices', { schema: { hide: true }, onRequest: staffPage('installations.manage') }, async (request, reply) => {
    const values = swapFormValues(request.body ?? {});
    try {
      await inTenant(request, (ctx) =>
        swapInstallationDevices(ctx, {
          installationId: request.params.id,
          add: values.add,
          remove: Object.entries(values.remove).map(([deviceId, condition]) => ({ deviceId, condition: condition as RemovedCondition })),
          note: values.note,
        }),
      );
      return reply.redirect(`/app/installations/${request.params.id}?notice=devices`, 303);
    } catch (err) {
      if (!(err instanceof AppError) || (err.status !== 422 && err.status !== 409)) throw err;
      return showInstallation(request, reply, request.params.id, { error: err, status: err.status, swapValues: values });
    }
  });

  for (const [name, run] of Object.entries(STEPS)) {
    app.post<{ Params: { id: string }; Body: Query }>(`/app/installations/:id/${name}`, { schema: { hide: true }, onRequest: staffPage('installations.manage') }, async (request, reply) => {
      try {
        await inTenant(request, (ctx) => run(ctx, request.params.id, request.body ?? {}));
        return reply.redirect(`/app/installations/${request.params.id}?notice=${name}`, 303);
      } catch (err) {
        // A refused step shows the page again with the reason; nothing was changed.
        if (!(err instanceof AppError) || (err.status !== 422 && err.status !== 409)) throw err;
        return showInstallation(request, reply, request.params.id, { error: err, status: err.status });
      }
    });
  }
}
