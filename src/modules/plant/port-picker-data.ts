/**
 * What the installation form's port picker shows: the cascade LCP > splitter > NAP (only
 * active items, each with its free-port count) and the chosen NAP's port grid; and, for
 * browsers without JavaScript, one list of every free port grouped by NAP.
 */
import { sql } from 'kysely';
import { isUuid } from '../../db/tenancy.ts';
import { PORT_HOLDING_STATUSES } from '../../db/schema.ts';
import { forbidden } from '../../lib/errors.ts';
import { can, type TenantContext } from '../context.ts';
import { capacityOf, lcpCapacities, napCapacities, splitterCapacities } from './plant-capacity.ts';
import { portsOfNaps, type PortCell } from './nap-ports-repository.ts';

export interface PickerOption {
  id: string;
  label: string;
  free: number;
}

export interface PickerState {
  lcps: PickerOption[];
  splitters: PickerOption[];
  naps: PickerOption[];
  lcpId: string | undefined;
  splitterId: string | undefined;
  napId: string | undefined;
  napLabel: string | undefined;
  ports: PortCell[];
  selectedNapPortId: string | undefined;
}

export interface PickerQuery {
  lcpId?: string | undefined;
  splitterId?: string | undefined;
  napId?: string | undefined;
  napPortId?: string | undefined;
}

/** Office staff (customers.read) pick ports as well as network staff (network.read). */
export function assertMayPickPorts(ctx: TenantContext): void {
  if (!can(ctx.actor, 'customers.read') && !can(ctx.actor, 'network.read')) throw forbidden('This needs the "customers.read" or "network.read" permission');
}

const uuidOrUndefined = (value: string | undefined) => (value && isUuid(value) ? value.toLowerCase() : undefined);

export async function loadPickerState(ctx: TenantContext, query: PickerQuery): Promise<PickerState> {
  assertMayPickPorts(ctx);
  const { trx, tenantId } = ctx;
  let lcpId = uuidOrUndefined(query.lcpId);
  let splitterId = uuidOrUndefined(query.splitterId);
  let napId = uuidOrUndefined(query.napId);
  let selected = uuidOrUndefined(query.napPortId);

  // A form re-shown with a chosen port opens the cascade on that port's branch.
  if (selected && !napId) {
    const chain = await trx
      .selectFrom('nap_ports as p')
      .innerJoin('naps as n', (j) => j.onRef('n.tenant_id', '=', 'p.tenant_id').onRef('n.id', '=', 'p.nap_id'))
      .innerJoin('splitters as s', (j) => j.onRef('s.tenant_id', '=', 'n.tenant_id').onRef('s.id', '=', 'n.splitter_id'))
      .select(['p.nap_id as napId', 'n.splitter_id as splitterId', 's.lcp_id as lcpId'])
      .where('p.tenant_id', '=', tenantId)
      .where('p.id', '=', selected)
      .executeTakeFirst();
    if (chain) ({ lcpId, splitterId, napId } = chain);
  }

  const lcpRows = await trx.selectFrom('lcps').select(['id', 'code', 'name']).where('tenant_id', '=', tenantId).where('active', '=', true).orderBy('code').execute();
  if (!lcpRows.some((l) => l.id === lcpId)) lcpId = undefined;
  const lcpCaps = await lcpCapacities(trx, tenantId, lcpRows.map((l) => l.id));
  const lcps = lcpRows.map((l) => ({ id: l.id, label: `${l.code} · ${l.name}`, free: capacityOf(lcpCaps, l.id).free }));

  const splitterRows = lcpId
    ? await trx.selectFrom('splitters').select(['id', 'code', 'ratio']).where('tenant_id', '=', tenantId).where('lcp_id', '=', lcpId).where('active', '=', true).orderBy('lcp_port').execute()
    : [];
  if (!splitterRows.some((s) => s.id === splitterId)) splitterId = undefined;
  const splitterCaps = await splitterCapacities(trx, tenantId, splitterRows.map((s) => s.id));
  const splitters = splitterRows.map((s) => ({ id: s.id, label: `${s.code} (1:${s.ratio})`, free: capacityOf(splitterCaps, s.id).free }));

  const napRows = splitterId
    ? await trx.selectFrom('naps').select(['id', 'code', 'name']).where('tenant_id', '=', tenantId).where('splitter_id', '=', splitterId).where('active', '=', true).orderBy('splitter_port').execute()
    : [];
  if (!napRows.some((n) => n.id === napId)) napId = undefined;
  const napCaps = await napCapacities(trx, tenantId, napRows.map((n) => n.id));
  const naps = napRows.map((n) => ({ id: n.id, label: n.name ? `${n.code} · ${n.name}` : n.code, free: capacityOf(napCaps, n.id).free }));

  const ports = napId ? await portsOfNaps(trx, tenantId, [napId]) : [];
  if (!ports.some((p) => p.id === selected)) selected = undefined;
  return { lcps, splitters, naps, lcpId, splitterId, napId, napLabel: naps.find((n) => n.id === napId)?.label, ports, selectedNapPortId: selected };
}

export interface PortChoiceGroup {
  /** "LCP-1 / SP-2 / NAP-7" */
  label: string;
  ports: { id: string; portNumber: number; current: boolean }[];
}

export interface PortChoices {
  groups: PortChoiceGroup[];
  /** True when more free ports exist than the list shows (see FREE_PORT_LIMIT). */
  truncated: boolean;
}

/** A plain select stays usable on a phone up to about this many options. */
export const FREE_PORT_LIMIT = 2000;

/**
 * Every free port (in service, not held, whole chain active), grouped by NAP, plus the
 * currently chosen port even when it is held (an installation being edited holds its own).
 */
export async function loadPortChoices(ctx: TenantContext, input: { selectedNapPortId?: string | undefined } = {}): Promise<PortChoices> {
  assertMayPickPorts(ctx);
  const selected = uuidOrUndefined(input.selectedNapPortId) ?? null;
  const holding = sql.join(PORT_HOLDING_STATUSES.map((s) => sql`${s}`));
  const rows = await sql<{ id: string; port_number: number; nap_id: string; label: string; current: boolean }>`
    select p.id, p.port_number, n.id as nap_id, l.code || ' / ' || s.code || ' / ' || n.code as label, p.id = ${selected}::uuid as current
    from nap_ports p
    join naps n on n.tenant_id = p.tenant_id and n.id = p.nap_id and p.port_number <= n.port_count
    join splitters s on s.tenant_id = n.tenant_id and s.id = n.splitter_id
    join lcps l on l.tenant_id = s.tenant_id and l.id = s.lcp_id
    where p.tenant_id = ${ctx.tenantId}
      and (p.id = ${selected}::uuid or (
        n.active and s.active and l.active and not p.out_of_service
        and not exists (select 1 from installations i where i.tenant_id = p.tenant_id and i.nap_port_id = p.id and i.status in (${holding}))))
    order by l.code, s.code, n.code, p.port_number
    limit ${FREE_PORT_LIMIT + 1}`.execute(ctx.trx);
  const groups: PortChoiceGroup[] = [];
  const byNap = new Map<string, PortChoiceGroup>();
  for (const row of rows.rows.slice(0, FREE_PORT_LIMIT)) {
    let group = byNap.get(row.nap_id);
    if (!group) {
      group = { label: row.label, ports: [] };
      byNap.set(row.nap_id, group);
      groups.push(group);
    }
    group.ports.push({ id: row.id, portNumber: Number(row.port_number), current: Boolean(row.current) });
  }
  return { groups, truncated: rows.rows.length > FREE_PORT_LIMIT };
}
