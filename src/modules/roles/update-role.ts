/** Renames a custom role or changes its permissions; built-in roles are fixed. */
import { Problems } from '../../lib/validate.ts';
import { AppError, notFound } from '../../lib/errors.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { assertCan, type TenantContext } from '../context.ts';
import { cleanRoleInput, type RoleInput } from './role-input.ts';
import { missingPermissions } from './role-rules.ts';
import { findRole, roleNameTaken, updateRole as saveRole, type RoleView } from './roles-repository.ts';

/** Fields left out keep their current value. */
export interface UpdateRoleInput extends Partial<RoleInput> {
  roleId: string;
}

export function builtinImmutable(): AppError {
  return new AppError(409, 'role_builtin', 'Built-in roles cannot be edited or deleted. Create a custom role instead.');
}

export async function updateRole(ctx: TenantContext, input: UpdateRoleInput): Promise<RoleView> {
  assertCan(ctx.actor, 'roles.manage');
  const before = await findRole(ctx.trx, ctx.tenantId, input.roleId, { forUpdate: true });
  if (!before) throw notFound('Role');
  if (before.builtinKey) throw builtinImmutable();

  const problems = new Problems();
  const role = cleanRoleInput(
    { name: input.name ?? before.name, description: input.description ?? before.description, permissions: input.permissions ?? before.permissions },
    problems,
  );
  if (role.name && (await roleNameTaken(ctx.trx, ctx.tenantId, role.name, before.id))) problems.add('name', 'taken', 'A role with this name already exists');
  problems.throwIfAny();
  // Taking permissions away is always allowed; adding needs the actor to hold them.
  const added = role.permissions.filter((p) => !before.permissions.includes(p));
  const missing = missingPermissions(ctx.actor, added);
  if (missing.length > 0) throw new AppError(403, 'role_not_assignable', `You cannot give permissions you do not hold yourself: ${missing.join(', ')}`);

  await saveRole(ctx.trx, ctx.tenantId, before.id, role, ctx.now());
  await recordAuditEvent(ctx, {
    action: 'role.updated',
    entityType: 'role',
    entityId: before.id,
    before: { name: before.name, description: before.description, permissions: before.permissions },
    after: role,
  });
  const after = await findRole(ctx.trx, ctx.tenantId, before.id);
  if (!after) throw new Error('role vanished after update');
  return after;
}
