/**
 * Correct an installation after booking: where it is (service address, map location with
 * accuracy and notes), who goes (technician) and its notes. Only live installations change;
 * a terminated or cancelled one is history (409). Omitted fields stay as they are.
 */
import { parseLatLng, parseLocationAccuracy } from '../../lib/geo.ts';
import { Problems } from '../../lib/validate.ts';
import { assertCan, type TenantContext } from '../context.ts';
import { checkTechnician, trimmedText } from './installation-checks.ts';
import { installationFor, saveInstallationChange } from './installation-lifecycle.ts';
import type { InstallationView } from './installations-repository.ts';

export interface UpdateInstallationInput {
  installationId: string;
  serviceAddress?: string;
  /** Both empty: no map location. Given together. */
  latitude?: number | string | null;
  longitude?: number | string | null;
  locationAccuracy?: string | null;
  locationNotes?: string;
  /** null or '': nobody. */
  technicianId?: string | null;
  notes?: string;
}

export async function updateInstallation(ctx: TenantContext, input: UpdateInstallationInput): Promise<InstallationView> {
  assertCan(ctx.actor, 'installations.manage');
  const before = await installationFor(ctx, input.installationId, ['scheduled', 'active', 'suspended'], 'edited');
  const problems = new Problems();
  const changes: {
    service_address?: string;
    latitude?: number | null;
    longitude?: number | null;
    location_accuracy?: InstallationView['locationAccuracy'];
    location_notes?: string;
    technician_id?: string | null;
    notes?: string;
  } = {};
  if (input.serviceAddress !== undefined) changes.service_address = trimmedText(problems, 'serviceAddress', 'Service address', input.serviceAddress, 500);
  if (input.latitude !== undefined || input.longitude !== undefined) {
    const location = parseLatLng(problems, {
      latitude: input.latitude !== undefined ? input.latitude : before.latitude,
      longitude: input.longitude !== undefined ? input.longitude : before.longitude,
    });
    changes.latitude = location?.latitude ?? null;
    changes.longitude = location?.longitude ?? null;
  }
  if (input.locationAccuracy !== undefined) changes.location_accuracy = parseLocationAccuracy(problems, input.locationAccuracy);
  if (input.locationNotes !== undefined) changes.location_notes = trimmedText(problems, 'locationNotes', 'Location notes', input.locationNotes, 500);
  if (input.technicianId !== undefined) {
    const technicianId = input.technicianId ? input.technicianId : null;
    if (technicianId && technicianId !== before.technicianId) await checkTechnician(ctx, problems, technicianId);
    changes.technician_id = technicianId;
  }
  if (input.notes !== undefined) changes.notes = trimmedText(problems, 'notes', 'Notes', input.notes, 5000);
  problems.throwIfAny();
  return saveInstallationChange(ctx, before, changes, 'installation.updated');
}
