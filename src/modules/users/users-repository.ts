/**
 * Staff accounts as the team page and the API see them. Nothing here ever selects a
 * password hash: the view shape simply has no such column.
 */
import { sql } from 'kysely';
import { isUuid, type TenantTx } from '../../db/tenancy.ts';
import type { BuiltinRoleKey, UserStatus } from '../../db/schema.ts';
import { decodeCursor, pageFrom } from '../../lib/cursor.ts';
import { AppError } from '../../lib/errors.ts';
import { validTimestampFields } from '../../lib/keyset-cursor.ts';

export interface UserView {
  id: string;
  email: string;
  name: string;
  status: UserStatus;
  isOwner: boolean;
  roleId: string;
  roleName: string;
  roleBuiltinKey: BuiltinRoleKey | null;
  /** The role row's stored list; built-in roles take theirs from code (effectivePermissions). */
  roleStoredPermissions: string[];
  lastSignInAt: Date | null;
  createdAt: Date;
}

function selectUsers(trx: TenantTx, tenantId: string) {
  return trx
    .selectFrom('users as u')
    .innerJoin('roles as r', (j) => j.onRef('r.tenant_id', '=', 'u.tenant_id').onRef('r.id', '=', 'u.role_id'))
    .select([
      'u.id',
      'u.email',
      'u.name',
      'u.status',
      'u.is_owner as isOwner',
      'r.id as roleId',
      'r.name as roleName',
      'r.builtin_key as roleBuiltinKey',
      'r.permissions as roleStoredPermissions',
      'u.last_sign_in_at as lastSignInAt',
      'u.created_at as createdAt',
    ])
    .where('u.tenant_id', '=', tenantId);
}

export async function findUser(trx: TenantTx, tenantId: string, userId: string, options: { forUpdate?: boolean } = {}): Promise<UserView | undefined> {
  if (!isUuid(userId)) return undefined;
  let query = selectUsers(trx, tenantId).where('u.id', '=', userId);
  if (options.forUpdate) query = query.forUpdate('u');
  return query.executeTakeFirst();
}

export async function emailTaken(trx: TenantTx, tenantId: string, email: string): Promise<boolean> {
  const row = await trx
    .selectFrom('users')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where((eb) => eb(eb.fn('lower', ['email']), '=', email.toLowerCase()))
    .executeTakeFirst();
  return row !== undefined;
}

export interface UserListQuery {
  q?: string | undefined;
  status?: UserStatus | undefined;
  limit: number;
  cursor?: string | undefined;
}

/** Escapes LIKE wildcards so a search for "50%" means those characters. */
function likePattern(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** created_at as the list query prints it into the cursor (to_char below). */
const CURSOR_AT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

/**
 * One page of staff ordered by (created_at, id). The cursor carries created_at with its full
 * microsecond precision as text: a JS Date would round it to milliseconds and repeat rows.
 */
export async function listUsers(trx: TenantTx, tenantId: string, query: UserListQuery): Promise<{ items: UserView[]; nextCursor: string | null }> {
  const after = decodeCursor(query.cursor, 2);
  let select = selectUsers(trx, tenantId)
    .select(sql<string>`to_char(u.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`.as('cursorAt'))
    .orderBy('u.created_at')
    .orderBy('u.id')
    .limit(query.limit + 1);
  if (after) {
    const [at, id] = after;
    if (typeof at !== 'string' || typeof id !== 'string' || !isUuid(id) || !CURSOR_AT.test(at) || !validTimestampFields(at)) {
      throw new AppError(400, 'invalid_cursor', 'cursor is not one this API returned', [{ field: 'cursor', rule: 'format', message: 'cursor is not valid' }]);
    }
    select = select.where(sql<boolean>`(u.created_at, u.id) > (${at}::timestamptz, ${id}::uuid)`);
  }
  if (query.status) select = select.where('u.status', '=', query.status);
  const q = query.q?.trim();
  if (q) {
    const pattern = likePattern(q);
    select = select.where((eb) => eb.or([eb(eb.fn('lower', ['u.name']), 'like', pattern), eb(eb.fn('lower', ['u.email']), 'like', pattern)]));
  }
  const rows = await select.execute();
  const page = pageFrom(rows, query.limit, (row) => [row.cursorAt, row.id]);
  return { items: page.items.map(({ cursorAt: _c, ...user }) => user), nextCursor: page.nextCursor };
}

export async function setUserStatus(trx: TenantTx, tenantId: string, userId: string, status: UserStatus, now: Date): Promise<void> {
  await trx.updateTable('users').set({ status, updated_at: now }).where('tenant_id', '=', tenantId).where('id', '=', userId).execute();
}

export async function setUserRole(trx: TenantTx, tenantId: string, userId: string, roleId: string, now: Date): Promise<void> {
  await trx.updateTable('users').set({ role_id: roleId, updated_at: now }).where('tenant_id', '=', tenantId).where('id', '=', userId).execute();
}

/** Sets a new password and clears any lockout (invitation accepted, password reset). */
export async function setUserPassword(trx: TenantTx, tenantId: string, userId: string, passwordHash: string, now: Date): Promise<void> {
  await trx
    .updateTable('users')
    .set({ password_hash: passwordHash, failed_sign_in_count: 0, locked_until: null, updated_at: now })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', userId)
    .execute();
}

export async function tenantName(trx: TenantTx, tenantId: string): Promise<string> {
  const row = await trx.selectFrom('tenants').select('name').where('id', '=', tenantId).executeTakeFirstOrThrow();
  return row.name;
}
