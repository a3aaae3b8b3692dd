/**
 * Installations from CSV, each optionally with the customer's service (plan, billing mode,
 * start date) on the same row: that is how a spreadsheet of subscribers usually looks. The
 * service shares the row's external_ref, so a re-run skips both.
 */
import type { BillingMode } from '../../../db/schema.ts';
import { createInstallation } from '../../installations/create-installation.ts';
import { createService } from '../../services/create-service.ts';
import { idOrProblem } from '../import-lookups.ts';
import { list, money, nullable, optional, wholeNumber, type Importer, type RowInput } from '../importer.ts';
import { externalRefExists } from './external-ref.ts';

const INSTALLATION_COLUMNS: Record<string, string> = {
  externalRef: 'external_ref',
  napPortId: 'port',
  cpeDeviceIds: 'cpe_serial',
  technicianId: 'technician_email',
  scheduledOn: 'scheduled_on',
  completedOn: 'completed_on',
  serviceAddress: 'service_address',
  locationAccuracy: 'location_accuracy',
  locationNotes: 'location_notes',
};

const SERVICE_COLUMNS: Record<string, string> = {
  externalRef: 'external_ref',
  planId: 'plan',
  installationId: 'external_ref',
  billingMode: 'billing_mode',
  startOn: 'start_on',
  status: 'service_status',
  priceOverrideMinor: 'price_override',
  discountMinor: 'discount',
  adjustmentReason: 'adjustment_reason',
  notes: 'service_notes',
};

/**
 * Stands in for a reference the importer could not resolve (its problem is already on the
 * row): a well-formed id that matches nothing, so the use case still checks every other
 * field and its "not found" on that column is dropped as already reported.
 */
const NO_ID = '00000000-0000-4000-8000-000000000000';

const SERVICE_ONLY = ['billing_mode', 'start_on', 'service_status', 'price_override', 'discount', 'adjustment_reason', 'service_notes'];

async function customerFromRow(input: RowInput): Promise<{ id: string | undefined; column: string }> {
  const { row, lookups, problems } = input;
  const ref = optional(row, 'customer_ref');
  if (ref !== undefined) return { id: idOrProblem(await lookups.customerByRef(ref), problems, 'customer_ref'), column: 'customer_ref' };
  const account = optional(row, 'account_number');
  if (account !== undefined) return { id: idOrProblem(await lookups.customerByAccountNumber(account), problems, 'account_number'), column: 'account_number' };
  const column = row.values.customer_ref !== undefined ? 'customer_ref' : 'account_number';
  problems.add(column, 'Required: the customer_ref of an imported customer, or an account number');
  return { id: undefined, column };
}

/** NAP port by lcp_code / splitter_code / nap_code + port; all empty means no port yet. */
async function napPortFromRow(input: RowInput): Promise<string | null | undefined> {
  const { row, lookups, problems } = input;
  const napCode = optional(row, 'nap_code');
  const port = wholeNumber(input, 'port');
  if (napCode === undefined) {
    if (port !== undefined) problems.add('nap_code', 'Give the NAP box of this port');
    return null;
  }
  const nap = idOrProblem(await lookups.nap({ lcpCode: optional(row, 'lcp_code'), splitterCode: optional(row, 'splitter_code'), napCode }), problems, 'nap_code');
  if (port === undefined) {
    if (optional(row, 'port') === undefined) problems.add('port', 'Give the port number on the NAP box');
    return undefined;
  }
  return nap === undefined ? undefined : idOrProblem(await lookups.napPort(nap, napCode, port), problems, 'port');
}

async function devicesFromRow(input: RowInput): Promise<string[] | undefined> {
  const serials = list(input.row, 'cpe_serial');
  if (serials === undefined) return undefined;
  const ids: string[] = [];
  for (const serial of serials) {
    const id = idOrProblem(await input.lookups.deviceBySerial(serial), input.problems, 'cpe_serial');
    if (id) ids.push(id);
  }
  return ids;
}

export const installationsImporter: Importer = {
  type: 'installations',
  title: 'Installations and services',
  permissions: ['installations.manage', 'services.manage'],
  oneOf: [['customer_ref', 'account_number']],
  columns: [
    { name: 'external_ref', required: true, help: 'Your own unique id for the installation (and its service)' },
    { name: 'customer_ref', help: 'external_ref of a customer imported earlier' },
    { name: 'account_number', help: 'Or the customer by account number (ACC-000123)' },
    { name: 'lcp_code', help: 'LCP of the NAP box (needed when NAP codes repeat)' },
    { name: 'splitter_code', help: 'Splitter of the NAP box (needed when NAP codes repeat)' },
    { name: 'nap_code', help: 'NAP box code (empty for no port yet)' },
    { name: 'port', help: 'Port number on the NAP box' },
    { name: 'cpe_serial', help: 'Serial number(s) of devices in stock, separated by ;' },
    { name: 'technician_email', help: 'E-mail of the staff member who installs' },
    { name: 'status', help: 'scheduled (default) or active' },
    { name: 'scheduled_on', help: 'YYYY-MM-DD' },
    { name: 'completed_on', help: 'YYYY-MM-DD, for an active installation' },
    { name: 'service_address', help: "Defaults to the customer's" },
    { name: 'latitude', help: 'Decimal degrees' },
    { name: 'longitude', help: 'Decimal degrees' },
    { name: 'location_accuracy', help: 'exact, approximate, address or manual' },
    { name: 'location_notes', help: 'Landmarks for the location given here (gate colour, pole number)' },
    { name: 'notes', help: 'Installation notes' },
    { name: 'plan', help: 'Plan name: fill it to also create the service' },
    { name: 'billing_mode', help: 'prepaid or postpaid (with plan)' },
    { name: 'start_on', help: 'Service start date YYYY-MM-DD (with plan)' },
    { name: 'service_status', help: 'pending, active or suspended (a subscriber cut off today; the only choice for a suspended or disconnected customer); default active when the installation is active' },
    { name: 'price_override', help: 'Price replacing the plan price, e.g. 1299.00' },
    { name: 'discount', help: 'Taken off each period, e.g. 100.00' },
    { name: 'adjustment_reason', help: 'Why (required with an override or discount)' },
    { name: 'service_notes', help: 'Service notes' },
  ],
  alreadyImported: (ctx, ref) => externalRefExists(ctx, 'installations', ref),
  async importRow(input) {
    const { ctx, row, problems } = input;
    const customer = await customerFromRow(input);
    const napPortId = await napPortFromRow(input);
    const cpeDeviceIds = await devicesFromRow(input);
    const technicianEmail = optional(row, 'technician_email');
    const technicianId = technicianEmail === undefined ? null : idOrProblem(await input.lookups.staffByEmail(technicianEmail), problems, 'technician_email');
    const status = optional(row, 'status')?.toLowerCase();

    const installation = await problems.call({ ...INSTALLATION_COLUMNS, customerId: customer.column, napPortId: napPortId === null ? 'nap_code' : 'port' }, () =>
      createInstallation(ctx, {
        customerId: customer.id ?? NO_ID,
        napPortId: napPortId ?? null,
        ...(cpeDeviceIds !== undefined ? { cpeDeviceIds } : {}),
        technicianId: technicianId ?? null,
        scheduledOn: nullable(row, 'scheduled_on') ?? null,
        ...(status !== undefined ? { status: status as 'scheduled' | 'active' } : {}),
        completedOn: nullable(row, 'completed_on') ?? null,
        serviceAddress: row.values.service_address ?? '',
        latitude: nullable(row, 'latitude') ?? null,
        longitude: nullable(row, 'longitude') ?? null,
        locationAccuracy: nullable(row, 'location_accuracy') ?? null,
        locationNotes: row.values.location_notes ?? '',
        notes: row.values.notes ?? '',
        externalRef: input.externalRef,
      }),
    );

    const planName = optional(row, 'plan');
    if (planName === undefined) {
      const stray = SERVICE_ONLY.find((c) => optional(row, c) !== undefined);
      if (stray) problems.add('plan', `Give the plan to create a service, or leave ${stray} empty`);
      return;
    }
    const planId = idOrProblem(await input.lookups.planByName(planName), problems, 'plan');
    const priceOverrideMinor = money(input, 'price_override');
    const discountMinor = money(input, 'discount');
    const serviceStatus = optional(row, 'service_status')?.toLowerCase() ?? (status === 'active' ? 'active' : undefined);
    // Even when the installation was refused, the service is still checked (with no
    // installation) so the row's every problem is reported at once; the row is rolled back.
    await problems.call({ ...SERVICE_COLUMNS, customerId: customer.column }, () =>
      createService(ctx, {
        customerId: customer.id ?? NO_ID,
        planId: planId ?? NO_ID,
        installationId: installation?.id ?? null,
        billingMode: (optional(row, 'billing_mode')?.toLowerCase() ?? '') as BillingMode,
        startOn: row.values.start_on ?? '',
        ...(serviceStatus !== undefined ? { status: serviceStatus as 'pending' | 'active' | 'suspended' } : {}),
        priceOverrideMinor: priceOverrideMinor ?? null,
        discountMinor: discountMinor ?? null,
        adjustmentReason: row.values.adjustment_reason ?? '',
        notes: row.values.service_notes ?? '',
        externalRef: input.externalRef,
      }),
    );
  },
};
