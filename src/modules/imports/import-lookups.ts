/**
 * Human keys in import files resolved to ids: area by code or path, plan by name, customer by
 * external ref or account number, NAP port by codes and number, CPE by serial, technician by
 * e-mail. Queries run in the import's own transaction, so a row can refer to one created
 * earlier in the same file. Hits are remembered for the run (rows are never deleted during
 * an import); misses are asked again, because a later row may create what was missing.
 * Each lookup answers an id or a message for the row's problem list.
 */
import { sql } from 'kysely';
import type { TenantTx } from '../../db/tenancy.ts';

export type Found = { id: string } | { problem: string };

export class ImportLookups {
  private readonly hits = new Map<string, string>();

  constructor(
    private readonly trx: TenantTx,
    private readonly tenantId: string,
  ) {}

  private async remember(key: string, find: () => Promise<Found>): Promise<Found> {
    const hit = this.hits.get(key);
    if (hit) return { id: hit };
    const found = await find();
    if ('id' in found) this.hits.set(key, found.id);
    return found;
  }

  /** Codes are unique only under one parent, so a code used twice needs the path instead. */
  areaByCode(code: string): Promise<Found> {
    return this.remember(`area-code:${code.toLowerCase()}`, async () => {
      const rows = await this.trx
        .selectFrom('service_areas')
        .select('id')
        .where('tenant_id', '=', this.tenantId)
        .where(sql<string>`lower(code)`, '=', code.toLowerCase())
        .limit(2)
        .execute();
      if (rows.length === 0) return { problem: `No area has the code "${code}"` };
      if (rows.length > 1) return { problem: `Several areas have the code "${code}"; give the area path instead` };
      return { id: rows[0]!.id };
    });
  }

  /** "Cavite > Imus > Bayan Luma": names from the top level down, any case. */
  areaByPath(path: string): Promise<Found> {
    const names = path
      .split('>')
      .map((n) => n.trim().replace(/\s+/g, ' '))
      .filter((n) => n !== '');
    return this.remember(`area-path:${names.join('>').toLowerCase()}`, async () => {
      if (names.length === 0) return { problem: 'Give an area path like "Province > City > Barangay"' };
      let parentId: string | null = null;
      for (const [depth, name] of names.entries()) {
        const row: { id: string } | undefined = await this.trx
          .selectFrom('service_areas')
          .select('id')
          .where('tenant_id', '=', this.tenantId)
          .where((eb) => (parentId === null ? eb('parent_id', 'is', null) : eb('parent_id', '=', parentId)))
          .where(sql<string>`lower(name)`, '=', name.toLowerCase())
          .executeTakeFirst();
        if (!row) {
          const under = names.slice(0, depth).join(' > ');
          return { problem: under ? `No area "${name}" under ${under}` : `No top-level area "${name}"` };
        }
        parentId = row.id;
      }
      return { id: parentId as string };
    });
  }

  planByName(name: string): Promise<Found> {
    return this.remember(`plan:${name.toLowerCase()}`, async () => {
      const row = await this.trx
        .selectFrom('service_plans')
        .select('id')
        .where('tenant_id', '=', this.tenantId)
        .where(sql<string>`lower(name)`, '=', name.trim().toLowerCase())
        .executeTakeFirst();
      return row ? { id: row.id } : { problem: `No plan is named "${name}"` };
    });
  }

  customerByRef(ref: string): Promise<Found> {
    return this.remember(`customer-ref:${ref}`, async () => {
      const row = await this.trx.selectFrom('customers').select('id').where('tenant_id', '=', this.tenantId).where('external_ref', '=', ref).executeTakeFirst();
      return row ? { id: row.id } : { problem: `No customer was imported with the external ref "${ref}"` };
    });
  }

  customerByAccountNumber(accountNumber: string): Promise<Found> {
    return this.remember(`customer-account:${accountNumber.toUpperCase()}`, async () => {
      const row = await this.trx
        .selectFrom('customers')
        .select('id')
        .where('tenant_id', '=', this.tenantId)
        .where(sql<string>`upper(account_number)`, '=', accountNumber.toUpperCase())
        .executeTakeFirst();
      return row ? { id: row.id } : { problem: `No customer has the account number "${accountNumber}"` };
    });
  }

  /**
   * A NAP by its code, narrowed by the splitter and LCP codes when given. NAP codes repeat
   * across splitters, so an ambiguous code asks for the splitter and LCP codes.
   */
  nap(codes: { lcpCode?: string | undefined; splitterCode?: string | undefined; napCode: string }): Promise<Found> {
    const key = `nap:${codes.lcpCode ?? ''}/${codes.splitterCode ?? ''}/${codes.napCode}`.toLowerCase();
    return this.remember(key, async () => {
      let query = this.trx
        .selectFrom('naps as n')
        .innerJoin('splitters as s', (j) => j.onRef('s.tenant_id', '=', 'n.tenant_id').onRef('s.id', '=', 'n.splitter_id'))
        .innerJoin('lcps as l', (j) => j.onRef('l.tenant_id', '=', 's.tenant_id').onRef('l.id', '=', 's.lcp_id'))
        .select('n.id')
        .where('n.tenant_id', '=', this.tenantId)
        .where(sql<string>`lower(n.code)`, '=', codes.napCode.toLowerCase());
      if (codes.splitterCode) query = query.where(sql<string>`lower(s.code)`, '=', codes.splitterCode.toLowerCase());
      if (codes.lcpCode) query = query.where(sql<string>`lower(l.code)`, '=', codes.lcpCode.toLowerCase());
      const rows = await query.limit(2).execute();
      const where = [codes.lcpCode && `LCP ${codes.lcpCode}`, codes.splitterCode && `splitter ${codes.splitterCode}`].filter(Boolean).join(', ');
      if (rows.length === 0) return { problem: `No NAP box has the code "${codes.napCode}"${where ? ` under ${where}` : ''}` };
      if (rows.length > 1) return { problem: `Several NAP boxes have the code "${codes.napCode}"; add lcp_code and splitter_code` };
      return { id: rows[0]!.id };
    });
  }

  napPort(napId: string, napCode: string, portNumber: number): Promise<Found> {
    return this.remember(`nap-port:${napId}:${portNumber}`, async () => {
      const row = await this.trx
        .selectFrom('nap_ports')
        .select('id')
        .where('tenant_id', '=', this.tenantId)
        .where('nap_id', '=', napId)
        .where('port_number', '=', portNumber)
        .executeTakeFirst();
      return row ? { id: row.id } : { problem: `NAP box ${napCode} has no port ${portNumber}` };
    });
  }

  deviceBySerial(serial: string): Promise<Found> {
    return this.remember(`cpe:${serial.toUpperCase()}`, async () => {
      const row = await this.trx
        .selectFrom('cpe_devices')
        .select('id')
        .where('tenant_id', '=', this.tenantId)
        .where(sql<string>`upper(serial_number)`, '=', serial.toUpperCase())
        .executeTakeFirst();
      return row ? { id: row.id } : { problem: `No device in the inventory has the serial number "${serial}"` };
    });
  }

  staffByEmail(email: string): Promise<Found> {
    return this.remember(`staff:${email.toLowerCase()}`, async () => {
      const row = await this.trx
        .selectFrom('users')
        .select('id')
        .where('tenant_id', '=', this.tenantId)
        .where(sql<string>`lower(email)`, '=', email.trim().toLowerCase())
        .executeTakeFirst();
      return row ? { id: row.id } : { problem: `No staff member has the e-mail ${email}` };
    });
  }
}

/** Puts a lookup's problem on the row under `column`; answers the id or undefined. */
export function idOrProblem(found: Found, problems: { add(column: string, message: string): void }, column: string): string | undefined {
  if ('id' in found) return found.id;
  problems.add(column, found.problem);
  return undefined;
}
