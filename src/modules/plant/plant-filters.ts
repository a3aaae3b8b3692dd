/** SQL pieces the plant lists share: text search and the "has free ports" condition. */
import { sql, type RawBuilder } from 'kysely';
import { PORT_HOLDING_STATUSES } from '../../db/schema.ts';

/** Escapes LIKE wildcards so a search for "50%" means those characters. */
export function likePattern(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * Whether a NAP (given as an SQL reference to its row alias) has a port a new installation
 * could take: in service, not held and the NAP active (callers add the splitter and LCP).
 */
export function napHasFreePort(nap: string): RawBuilder<boolean> {
  const holding = sql.join(PORT_HOLDING_STATUSES.map((s) => sql`${s}`));
  return sql<boolean>`(exists (
    select 1 from nap_ports fp
    where fp.tenant_id = ${sql.ref(`${nap}.tenant_id`)} and fp.nap_id = ${sql.ref(`${nap}.id`)}
      and fp.port_number <= ${sql.ref(`${nap}.port_count`)} and not fp.out_of_service
      and not exists (select 1 from installations fi where fi.tenant_id = fp.tenant_id and fi.nap_port_id = fp.id and fi.status in (${holding})))
    and ${sql.ref(`${nap}.active`)})`;
}

/** Whether an LCP (row alias) has a free port anywhere beneath it. */
export function lcpHasFreePort(lcp: string): RawBuilder<boolean> {
  return sql<boolean>`(${sql.ref(`${lcp}.active`)} and exists (
    select 1 from splitters fs join naps fn on fn.tenant_id = fs.tenant_id and fn.splitter_id = fs.id
    where fs.tenant_id = ${sql.ref(`${lcp}.tenant_id`)} and fs.lcp_id = ${sql.ref(`${lcp}.id`)} and fs.active and ${napHasFreePort('fn')}))`;
}

/** Whether a splitter (row alias) has a free port in one of its NAPs (the LCP's active flag is the caller's). */
export function splitterHasFreePort(splitter: string): RawBuilder<boolean> {
  return sql<boolean>`(${sql.ref(`${splitter}.active`)} and exists (
    select 1 from naps fn
    where fn.tenant_id = ${sql.ref(`${splitter}.tenant_id`)} and fn.splitter_id = ${sql.ref(`${splitter}.id`)} and ${napHasFreePort('fn')}))`;
}
