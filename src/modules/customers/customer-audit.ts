/** What the audit log keeps of a subscriber: the editable fields by their API names. */
import type { CustomerView } from './customers-repository.ts';

export function customerAudit(c: CustomerView): Record<string, unknown> {
  return {
    accountNumber: c.accountNumber,
    firstName: c.firstName,
    lastName: c.lastName,
    companyName: c.companyName,
    email: c.email,
    phone: c.phone,
    altPhone: c.altPhone,
    serviceAddress: c.serviceAddress,
    areaId: c.areaId,
    latitude: c.latitude,
    longitude: c.longitude,
    locationAccuracy: c.locationAccuracy,
    locationNotes: c.locationNotes,
    status: c.status,
    notes: c.notes,
    tags: c.tags,
    externalRef: c.externalRef,
  };
}
