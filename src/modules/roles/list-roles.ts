/** Reading roles (roles.manage): the list with each role's permissions, and one role. */
import { notFound } from '../../lib/errors.ts';
import { assertCan, type TenantContext } from '../context.ts';
import { findRole, listRoles, type RoleView } from './roles-repository.ts';

export async function listTenantRoles(ctx: TenantContext): Promise<RoleView[]> {
  assertCan(ctx.actor, 'roles.manage');
  return listRoles(ctx.trx, ctx.tenantId);
}

export async function getRole(ctx: TenantContext, input: { roleId: string }): Promise<RoleView> {
  assertCan(ctx.actor, 'roles.manage');
  const role = await findRole(ctx.trx, ctx.tenantId, input.roleId);
  if (!role) throw notFound('Role');
  return role;
}
