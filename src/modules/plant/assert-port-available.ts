/**
 * The server-side check an installation makes before taking a NAP port. It locks the chain
 * top-down (LCP, splitter, NAP FOR SHARE, then the port FOR UPDATE), the same order every
 * plant write locks in, so a concurrent deactivation or NAP shrink waits for this
 * transaction (and then sees its installation), and two installations taking the same port
 * queue on the port row: the second sees the first's installation and gets the 422 here.
 * The unique index installations_port_in_use remains the final guard.
 *
 * Throws 422 on `napPortId` when the port does not exist (in this tenant), is out of
 * service, is under an inactive NAP, splitter or LCP, or already holds an installation.
 */
import { sql } from 'kysely';
import { fieldError } from '../../lib/errors.ts';
import { isUuid } from '../../db/tenancy.ts';
import type { TenantContext } from '../context.ts';
import { findNapPort, holderOf } from './nap-ports-repository.ts';

export interface AvailablePort {
  napPortId: string;
  napId: string;
  napCode: string;
  portNumber: number;
}

const FIELD = 'napPortId';

export async function assertPortAvailable(
  ctx: Pick<TenantContext, 'trx' | 'tenantId'>,
  napPortId: string,
  options: {
    /** The installation being edited: its own port counts as available to it. */
    exceptInstallationId?: string;
  } = {},
): Promise<AvailablePort> {
  const { trx, tenantId } = ctx;
  const missing = () => fieldError(FIELD, 'not_found', 'This NAP port does not exist; pick a port from the list');
  if (!isUuid(napPortId)) throw missing();
  const chain = await trx
    .selectFrom('nap_ports as p')
    .innerJoin('naps as n', (j) => j.onRef('n.tenant_id', '=', 'p.tenant_id').onRef('n.id', '=', 'p.nap_id'))
    .innerJoin('splitters as s', (j) => j.onRef('s.tenant_id', '=', 'n.tenant_id').onRef('s.id', '=', 'n.splitter_id'))
    .select(['p.nap_id as napId', 'n.splitter_id as splitterId', 's.lcp_id as lcpId'])
    .where('p.tenant_id', '=', tenantId)
    .where('p.id', '=', napPortId)
    .executeTakeFirst();
  if (!chain) throw missing();

  const lcp = await sql<{ code: string; active: boolean }>`select code, active from lcps where tenant_id = ${tenantId} and id = ${chain.lcpId} for share`.execute(trx);
  const splitter = await sql<{ code: string; active: boolean }>`select code, active from splitters where tenant_id = ${tenantId} and id = ${chain.splitterId} for share`.execute(trx);
  const nap = await sql<{ code: string; active: boolean }>`select code, active from naps where tenant_id = ${tenantId} and id = ${chain.napId} for share`.execute(trx);
  const port = await findNapPort(trx, tenantId, napPortId, { forUpdate: true });
  const l = lcp.rows[0];
  const s = splitter.rows[0];
  const n = nap.rows[0];
  if (!port || !l || !s || !n) throw missing();

  if (!n.active || !s.active || !l.active) {
    const what = !l.active ? `LCP ${l.code}` : !s.active ? `splitter ${s.code}` : `NAP ${n.code}`;
    throw fieldError(FIELD, 'inactive', `Port ${port.portNumber} of NAP ${n.code} is not usable: ${what} is deactivated`);
  }
  if (port.outOfService) throw fieldError(FIELD, 'out_of_service', `Port ${port.portNumber} of NAP ${n.code} is out of service; pick another port`);
  const holder = await holderOf(trx, tenantId, port.id);
  if (holder && holder.installationId !== options.exceptInstallationId) {
    throw fieldError(FIELD, 'taken', `Port ${port.portNumber} of NAP ${n.code} is taken by customer ${holder.accountNumber}; pick a free port`);
  }
  return { napPortId: port.id, napId: port.napId, napCode: n.code, portNumber: port.portNumber };
}
