/** Gives a staff member another role. Permissions come from the role, so it applies on their next request. */
import { fieldError, notFound } from '../../lib/errors.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { assertCan, type TenantContext } from '../context.ts';
import { assertMayGrant, assertMayManage } from '../roles/role-rules.ts';
import { findRole } from '../roles/roles-repository.ts';
import { findUser, setUserRole, type UserView } from './users-repository.ts';

export interface ChangeUserRoleInput {
  userId: string;
  roleId: string;
}

export async function changeUserRole(ctx: TenantContext, input: ChangeUserRoleInput): Promise<UserView> {
  assertCan(ctx.actor, 'users.manage');
  const user = await findUser(ctx.trx, ctx.tenantId, input.userId, { forUpdate: true });
  if (!user) throw notFound('User');
  const role = typeof input.roleId === 'string' ? await findRole(ctx.trx, ctx.tenantId, input.roleId) : undefined;
  if (!role) throw fieldError('roleId', input.roleId ? 'unknown' : 'required', 'Choose a role');
  assertMayManage(ctx.actor, user);
  if (role.id === user.roleId) return user;
  assertMayGrant(ctx.actor, role);

  await setUserRole(ctx.trx, ctx.tenantId, user.id, role.id, ctx.now());
  await recordAuditEvent(ctx, {
    action: 'user.role_changed',
    entityType: 'user',
    entityId: user.id,
    before: { roleId: user.roleId, roleName: user.roleName },
    after: { roleId: role.id, roleName: role.name },
  });
  const after = await findUser(ctx.trx, ctx.tenantId, user.id);
  if (!after) throw new Error('user vanished after update');
  return after;
}
