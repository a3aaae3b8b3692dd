/** Roles of one tenant. Built-in roles report their permissions from code (permissions.ts). */
import { isUuid, type TenantTx } from '../../db/tenancy.ts';
import type { BuiltinRoleKey } from '../../db/schema.ts';
import { effectivePermissions, type Permission } from './permissions.ts';

export interface RoleView {
  id: string;
  name: string;
  description: string;
  builtinKey: BuiltinRoleKey | null;
  permissions: Permission[];
  userCount: number;
  createdAt: Date;
  updatedAt: Date;
}

function selectRoles(trx: TenantTx, tenantId: string) {
  return trx
    .selectFrom('roles as r')
    .select((eb) => [
      'r.id',
      'r.name',
      'r.description',
      'r.builtin_key',
      'r.permissions',
      'r.created_at',
      'r.updated_at',
      eb
        .selectFrom('users as u')
        .select(eb.fn.countAll<string | number>().as('n'))
        .whereRef('u.tenant_id', '=', 'r.tenant_id')
        .whereRef('u.role_id', '=', 'r.id')
        .as('userCount'),
    ])
    .where('r.tenant_id', '=', tenantId);
}

type RoleRow = Awaited<ReturnType<ReturnType<typeof selectRoles>['executeTakeFirstOrThrow']>>;

const BUILTIN_ORDER: Record<BuiltinRoleKey, number> = { owner: 0, admin: 1, billing: 2, support: 3, technician: 4, read_only: 5 };

function toView(row: RoleRow): RoleView {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    builtinKey: row.builtin_key,
    permissions: [...effectivePermissions(row)].sort(),
    userCount: Number(row.userCount ?? 0),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** Built-in roles first in their usual order, then custom roles by name. */
export async function listRoles(trx: TenantTx, tenantId: string): Promise<RoleView[]> {
  const rows = await selectRoles(trx, tenantId).orderBy('r.name').orderBy('r.id').execute();
  return rows.map(toView).sort((a, b) => compareRoleKeys(roleSortKey(a), roleSortKey(b)));
}

export type RoleSortKey = [rank: number, name: string, id: string];

/** Built-ins first in their fixed order, then custom roles by name; the id breaks ties. */
export function roleSortKey(role: RoleView): RoleSortKey {
  return [role.builtinKey ? BUILTIN_ORDER[role.builtinKey] : 100, role.name, role.id];
}

export function compareRoleKeys(a: RoleSortKey, b: RoleSortKey): number {
  for (let i = 0; i < 3; i++) {
    const x = a[i] as number | string;
    const y = b[i] as number | string;
    if (x < y) return -1;
    if (x > y) return 1;
  }
  return 0;
}

export async function findRole(trx: TenantTx, tenantId: string, roleId: string, options: { forUpdate?: boolean } = {}): Promise<RoleView | undefined> {
  if (!isUuid(roleId)) return undefined;
  let query = selectRoles(trx, tenantId).where('r.id', '=', roleId);
  if (options.forUpdate) query = query.forUpdate('r');
  const row = await query.executeTakeFirst();
  return row ? toView(row) : undefined;
}

export async function roleNameTaken(trx: TenantTx, tenantId: string, name: string, exceptRoleId?: string): Promise<boolean> {
  let query = trx
    .selectFrom('roles')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where((eb) => eb(eb.fn('lower', ['name']), '=', name.toLowerCase()));
  if (exceptRoleId) query = query.where('id', '!=', exceptRoleId);
  return (await query.executeTakeFirst()) !== undefined;
}

export interface RoleFields {
  name: string;
  description: string;
  permissions: Permission[];
}

export async function insertRole(trx: TenantTx, tenantId: string, fields: RoleFields, now: Date): Promise<string> {
  const row = await trx
    .insertInto('roles')
    .values({ tenant_id: tenantId, builtin_key: null, name: fields.name, description: fields.description, permissions: fields.permissions, created_at: now, updated_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function updateRole(trx: TenantTx, tenantId: string, roleId: string, fields: RoleFields, now: Date): Promise<void> {
  await trx
    .updateTable('roles')
    .set({ name: fields.name, description: fields.description, permissions: fields.permissions, updated_at: now })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', roleId)
    .where('builtin_key', 'is', null)
    .execute();
}

export async function deleteRole(trx: TenantTx, tenantId: string, roleId: string): Promise<void> {
  await trx.deleteFrom('roles').where('tenant_id', '=', tenantId).where('id', '=', roleId).where('builtin_key', 'is', null).execute();
}
