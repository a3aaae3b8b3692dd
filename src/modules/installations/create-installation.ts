/**
 * Book an installation for a customer: on a free NAP port (or none yet, or wireless), with
 * in-stock CPE (moved to 'installed' with history), a technician and a date. The importer
 * creates already-working installations with status 'active'.
 */
import { validationError } from '../../lib/errors.ts';
import { parseLatLng, parseLocationAccuracy } from '../../lib/geo.ts';
import { Problems } from '../../lib/validate.ts';
import { uniqueViolationField } from '../../http/problem.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { assertCan, type TenantContext } from '../context.ts';
import { recordCustomerStatusChange } from '../customers/record-customer-status-change.ts';
import { checkDevicesInStock, installDevices } from '../devices/device-moves.ts';
import { checkPastDate, checkPortFree, checkTechnician, readDate, tenantToday, trimmedText } from './installation-checks.ts';
import { findCustomerForInstallation, findInstallation, installationAudit, type InstallationView } from './installations-repository.ts';

export interface CreateInstallationInput {
  customerId: string;
  napPortId?: string | null;
  cpeDeviceIds?: string[];
  technicianId?: string | null;
  scheduledOn?: string | null;
  status?: 'scheduled' | 'active';
  completedOn?: string | null;
  /** Empty: the customer's service address. */
  serviceAddress?: string;
  /** Both empty: the customer's map location. */
  latitude?: number | string | null;
  longitude?: number | string | null;
  locationAccuracy?: string | null;
  /** Landmarks for a location given here; with the customer's location, the customer's notes. */
  locationNotes?: string;
  notes?: string;
  externalRef?: string | null;
}

export async function createInstallation(ctx: TenantContext, input: CreateInstallationInput): Promise<InstallationView> {
  assertCan(ctx.actor, 'installations.manage');
  const problems = new Problems();
  const customer = typeof input.customerId === 'string' && input.customerId !== '' ? await findCustomerForInstallation(ctx.trx, ctx.tenantId, input.customerId) : undefined;
  if (!customer) problems.add('customerId', 'not_found', 'Pick a customer');
  else if (customer.status === 'terminated') problems.add('customerId', 'terminated', 'This customer is terminated; reactivate them before installing');

  const status = input.status ?? 'scheduled';
  if (status !== 'scheduled' && status !== 'active') problems.add('status', 'enum', 'A new installation is scheduled, or active when it is already working');
  const napPortId = input.napPortId ? input.napPortId : null;
  if (napPortId) await checkPortFree(ctx, problems, napPortId);
  const technicianId = input.technicianId ? input.technicianId : null;
  if (technicianId) await checkTechnician(ctx, problems, technicianId);
  const scheduledOn = readDate(problems, 'scheduledOn', 'Scheduled date', input.scheduledOn);
  const today = await tenantToday(ctx);
  let completedOn: string | null = null;
  if (status === 'active') {
    completedOn = readDate(problems, 'completedOn', 'Completion date', input.completedOn) ?? today;
    checkPastDate(problems, 'completedOn', 'Completion date', completedOn, today, { date: scheduledOn, label: 'the scheduled date' });
  } else if (input.completedOn) {
    problems.add('completedOn', 'not_allowed', 'A scheduled installation has no completion date yet; complete it instead');
  }
  const serviceAddressRaw = trimmedText(problems, 'serviceAddress', 'Service address', input.serviceAddress, 500);
  const location = parseLatLng(problems, { latitude: input.latitude, longitude: input.longitude });
  const accuracyRaw = parseLocationAccuracy(problems, input.locationAccuracy);
  const locationNotes = trimmedText(problems, 'locationNotes', 'Location notes', input.locationNotes, 500);
  const notes = trimmedText(problems, 'notes', 'Notes', input.notes, 5000);
  const externalRef = trimmedText(problems, 'externalRef', 'External reference', input.externalRef ?? '', 100) || null;
  if (externalRef) {
    const taken = await ctx.trx.selectFrom('installations').select('id').where('tenant_id', '=', ctx.tenantId).where('external_ref', '=', externalRef).executeTakeFirst();
    if (taken) problems.add('externalRef', 'taken', 'Another installation already has this external reference');
  }
  const deviceIds = await checkDevicesInStock(ctx, problems, input.cpeDeviceIds ?? []);
  problems.throwIfAny();
  if (!customer) throw new Error('unreachable: customer checked above');

  // The installation goes where the customer is unless the form says otherwise.
  const useCustomerLocation = location === null;
  const now = ctx.now();
  let id: string;
  try {
    ({ id } = await ctx.trx
      .insertInto('installations')
      .values({
        tenant_id: ctx.tenantId,
        customer_id: customer.id,
        service_address: serviceAddressRaw || customer.service_address,
        latitude: useCustomerLocation ? customer.latitude : location.latitude,
        longitude: useCustomerLocation ? customer.longitude : location.longitude,
        location_accuracy: useCustomerLocation ? customer.location_accuracy : accuracyRaw,
        // The customer's landmarks describe the customer's location; a new one has its own.
        location_notes: useCustomerLocation ? customer.location_notes : locationNotes,
        nap_port_id: napPortId,
        technician_id: technicianId,
        scheduled_on: scheduledOn,
        completed_on: completedOn,
        status,
        notes,
        external_ref: externalRef,
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow());
  } catch (err) {
    // Someone took the port between our check and this insert: the index refuses, and the
    // caller hears it on napPortId like any other taken port.
    const field = uniqueViolationField(err);
    if (field) throw validationError([field]);
    throw err;
  }
  await installDevices(ctx, deviceIds, { installationId: id, customerId: customer.id });
  if (status === 'active' && customer.status === 'lead') {
    await recordCustomerStatusChange(ctx, { customerId: customer.id, toStatus: 'active', reason: 'Installation completed', effectiveOn: completedOn ?? today });
  }
  const installation = await findInstallation(ctx.trx, ctx.tenantId, id);
  if (!installation) throw new Error('installation vanished after insert');
  await recordAuditEvent(ctx, { action: 'installation.created', entityType: 'installation', entityId: id, after: { ...installationAudit(installation), cpeDeviceIds: deviceIds } });
  return installation;
}
