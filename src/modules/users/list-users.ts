/** Reading the team: a page of staff, one staff member, and the roles an actor may hand out. */
import { notFound } from '../../lib/errors.ts';
import { assertCan, type TenantContext } from '../context.ts';
import { mayGrant } from '../roles/role-rules.ts';
import { listRoles, type RoleView } from '../roles/roles-repository.ts';
import { findUser, listUsers, type UserListQuery, type UserView } from './users-repository.ts';

export async function listStaff(ctx: TenantContext, query: UserListQuery): Promise<{ items: UserView[]; nextCursor: string | null }> {
  assertCan(ctx.actor, 'users.read');
  return listUsers(ctx.trx, ctx.tenantId, query);
}

export async function getStaff(ctx: TenantContext, input: { userId: string }): Promise<UserView> {
  assertCan(ctx.actor, 'users.read');
  const user = await findUser(ctx.trx, ctx.tenantId, input.userId);
  if (!user) throw notFound('User');
  return user;
}

export async function assignableRoles(ctx: TenantContext): Promise<RoleView[]> {
  assertCan(ctx.actor, 'users.manage');
  return (await listRoles(ctx.trx, ctx.tenantId)).filter((role) => mayGrant(ctx.actor, role));
}
