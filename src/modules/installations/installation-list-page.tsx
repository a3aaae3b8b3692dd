/** GET /app/installations: the list with its filters and sorting, and its CSV export in the importer's columns. */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { inTenant } from '../../http/app-context.ts';
import { sendCsv, type CsvColumn } from '../../http/csv-export.ts';
import { firstText } from '../../http/form-values.ts';
import type { StaffPrincipal } from '../../http/principal.ts';
import { renderPage } from '../../http/render.tsx';
import { sortDirection } from '../../lib/keyset-sort.ts';
import { calendarDateIn, parseCalendarDate } from '../../lib/zoned-time.ts';
import { listAreaOptions } from '../areas/area-options.ts';
import { can } from '../context.ts';
import { listPlanOptions } from '../plans/plan-options.ts';
import { exportInstallations, type InstallationExportRow } from './export-installations.ts';
import { CSV_ROW_CAP } from './form-fields.tsx';
import { listInstallationsFor, listTechnicians } from './get-installation.ts';
import { mapSettings, plantFilterOptions } from './installation-form-data.ts';
import { STATUS_LABELS } from './installation-lifecycle.ts';
import { InstallationListPage } from './installation-list-view.tsx';
import { INSTALLATION_SORTS, type InstallationSort, type InstallationView } from './installations-repository.ts';

const PAGE_SIZE = 50;

type Query = Record<string, unknown>;

/**
 * The columns and formats of `lastmile import installations` (docs/OPERATIONS.md "Moving from
 * a spreadsheet") in its order, then two it does not read: the customer's name and the end date.
 * Without those two, the rows of scheduled and active installations
 * import into another company that has the same customers, plant codes, devices and staff.
 * An installation booked in the app has no external reference of its own: its id stands in.
 */
const CSV_COLUMNS: CsvColumn<InstallationExportRow>[] = [
  { header: 'external_ref', value: (i) => i.externalRef ?? i.id },
  { header: 'customer_ref', value: (i) => i.customerRef },
  { header: 'lcp_code', value: (i) => i.lcpCode },
  { header: 'splitter_code', value: (i) => i.splitterCode },
  { header: 'nap_code', value: (i) => i.napCode },
  { header: 'port', value: (i) => i.portNumber },
  { header: 'cpe_serial', value: (i) => i.cpeSerials },
  { header: 'technician_email', value: (i) => i.technicianEmail },
  { header: 'status', value: (i) => i.status },
  { header: 'scheduled_on', value: (i) => i.scheduledOn },
  { header: 'completed_on', value: (i) => i.completedOn },
  { header: 'service_address', value: (i) => i.serviceAddress },
  { header: 'latitude', value: (i) => (i.latitude === null ? null : Number(i.latitude)) },
  { header: 'longitude', value: (i) => (i.longitude === null ? null : Number(i.longitude)) },
  { header: 'location_accuracy', value: (i) => i.locationAccuracy },
  { header: 'location_notes', value: (i) => i.locationNotes },
  { header: 'notes', value: (i) => i.notes },
  { header: 'customer', value: (i) => i.customerName },
  { header: 'ended_on', value: (i) => i.endedOn },
];

function isStatus(value: string | undefined): value is InstallationView['status'] {
  return value !== undefined && Object.hasOwn(STATUS_LABELS, value);
}

const dateOrUndefined = (value: string | undefined) => (value && parseCalendarDate(value) ? value : undefined);

export async function listPage(request: FastifyRequest<{ Querystring: Query }>, reply: FastifyReply): Promise<FastifyReply> {
  const principal = request.principal as StaffPrincipal;
  const query = request.query;
  const status = firstText(query.status);
  const sortRaw = firstText(query.sort) ?? 'created';
  const sort: InstallationSort = Object.hasOwn(INSTALLATION_SORTS, sortRaw) ? (sortRaw as InstallationSort) : 'created';
  const dir = sortDirection(firstText(query.dir), 'desc');
  const mine = firstText(query.mine) === '1';
  const filters = {
    q: (firstText(query.q) ?? '').slice(0, 200),
    status: isStatus(status) ? status : undefined,
    napId: firstText(query.napId) || undefined,
    lcpId: firstText(query.lcpId) || undefined,
    technicianId: mine ? principal.userId : firstText(query.technicianId) || undefined,
    areaId: firstText(query.areaId) || undefined,
    planId: firstText(query.planId) || undefined,
    scheduledFrom: dateOrUndefined(firstText(query.scheduledFrom)),
    scheduledTo: dateOrUndefined(firstText(query.scheduledTo)),
    sort,
    dir,
  };
  if (firstText(query.format) === 'csv') {
    const exported = await inTenant(request, async (ctx) => ({ rows: await exportInstallations(ctx, { ...filters, limit: CSV_ROW_CAP }), settings: await mapSettings(ctx) }));
    return sendCsv(reply, 'installations', CSV_COLUMNS, exported.rows, calendarDateIn(request.server.clock(), exported.settings.timeZone));
  }
  const data = await inTenant(request, async (ctx) => ({
    page: await listInstallationsFor(ctx, { ...filters, limit: PAGE_SIZE, cursor: firstText(query.cursor) }),
    technicians: await listTechnicians(ctx),
    plant: await plantFilterOptions(ctx),
    areas: await listAreaOptions(ctx),
    plans: await listPlanOptions(ctx),
  }));
  return renderPage(
    reply,
    <InstallationListPage
      principal={principal}
      items={data.page.items}
      nextCursor={data.page.nextCursor}
      params={{ ...filters, technicianId: mine ? undefined : filters.technicianId, mine: mine ? '1' : undefined, cursor: firstText(query.cursor) }}
      canManage={can(principal.actor, 'installations.manage')}
      technicians={data.technicians}
      lcps={data.plant.lcps}
      naps={data.plant.naps}
      areas={data.areas}
      plans={data.plans}
    />,
  );
}
