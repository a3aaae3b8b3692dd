/** Deletes a custom role nobody holds. */
import { conflict, notFound } from '../../lib/errors.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { assertCan, type TenantContext } from '../context.ts';
import { deleteRole as removeRole, findRole } from './roles-repository.ts';
import { builtinImmutable } from './update-role.ts';

export async function deleteRole(ctx: TenantContext, input: { roleId: string }): Promise<void> {
  assertCan(ctx.actor, 'roles.manage');
  const role = await findRole(ctx.trx, ctx.tenantId, input.roleId, { forUpdate: true });
  if (!role) throw notFound('Role');
  if (role.builtinKey) throw builtinImmutable();
  if (role.userCount > 0) {
    const who = role.userCount === 1 ? '1 staff member has' : `${role.userCount} staff members have`;
    throw conflict('role_in_use', `${who} the role “${role.name}”. Give them another role first, then delete it.`);
  }
  await removeRole(ctx.trx, ctx.tenantId, role.id);
  await recordAuditEvent(ctx, {
    action: 'role.deleted',
    entityType: 'role',
    entityId: role.id,
    before: { name: role.name, description: role.description, permissions: role.permissions },
  });
}
