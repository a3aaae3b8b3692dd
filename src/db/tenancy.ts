/**
 * The only doors into the data. DESIGN.md "Tenancy" rules 4 and 5.
 *
 * withTenant: one transaction, SET LOCAL ROLE lastmile_app (RLS applies, owns nothing),
 * app.tenant_id set for this transaction only. Repositories take a TenantTx, a branded
 * transaction type that only this module can produce, so a query outside a tenant
 * transaction does not type-check.
 *
 * withPlatform: the small, audited path for work that is not one tenant's (sign-up,
 * the platform console, isolation checks). It runs as lastmile_platform.
 */
import { sql, type Transaction } from 'kysely';
import type { DB } from './schema.ts';
import type { Database } from './database.ts';
import { queryContext } from './query-context.ts';

declare const tenantBrand: unique symbol;
declare const platformBrand: unique symbol;

export type TenantTx = Transaction<DB> & { readonly [tenantBrand]: string };
export type PlatformTx = Transaction<DB> & { readonly [platformBrand]: true };

export const APP_ROLE = 'lastmile_app';
export const PLATFORM_ROLE = 'lastmile_platform';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
  return UUID.test(value);
}

export interface TxOptions {
  requestId?: string | undefined;
}

export async function withTenant<T>(
  db: Database,
  tenantId: string,
  fn: (trx: TenantTx) => Promise<T>,
  options: TxOptions = {},
): Promise<T> {
  if (!isUuid(tenantId)) throw new Error('withTenant needs a tenant uuid');
  return queryContext.run({ tenantId, requestId: options.requestId }, () =>
    db.kysely.transaction().execute(async (trx) => {
      await enterTenant(trx, tenantId);
      return fn(trx as TenantTx);
    }),
  );
}

export async function withPlatform<T>(
  db: Database,
  fn: (trx: PlatformTx) => Promise<T>,
  options: TxOptions = {},
): Promise<T> {
  return queryContext.run({ platform: true, requestId: options.requestId }, () =>
    db.kysely.transaction().execute(async (trx) => {
      await sql`select set_config('role', ${PLATFORM_ROLE}, true), set_config('app.tenant_id', '', true)`.execute(trx);
      return fn(trx as PlatformTx);
    }),
  );
}

/**
 * Inside a platform transaction, switch to one tenant's context for the rest of it.
 * Sign-up uses this: the tenant row is created on the platform path, then its owner,
 * roles and settings are written under the same RLS as any other tenant work, all in
 * one transaction. There is no way back to the platform role afterwards.
 */
export async function switchToTenant(trx: PlatformTx, tenantId: string): Promise<TenantTx> {
  if (!isUuid(tenantId)) throw new Error('switchToTenant needs a tenant uuid');
  await enterTenant(trx, tenantId);
  const store = queryContext.getStore();
  if (store) {
    store.tenantId = tenantId;
    store.platform = false;
  }
  return trx as unknown as TenantTx;
}

async function enterTenant(trx: Transaction<DB>, tenantId: string): Promise<void> {
  // set_config(..., true) is SET LOCAL: both settings end with the transaction, so a pooled
  // connection never carries one tenant's context into another's work.
  await sql`select set_config('role', ${APP_ROLE}, true), set_config('app.tenant_id', ${tenantId}, true)`.execute(trx);
}
