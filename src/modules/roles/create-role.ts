/** A custom role built from the permission list. */
import { Problems } from '../../lib/validate.ts';
import { AppError } from '../../lib/errors.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { assertCan, type TenantContext } from '../context.ts';
import { cleanRoleInput, type RoleInput } from './role-input.ts';
import { missingPermissions } from './role-rules.ts';
import { findRole, insertRole, roleNameTaken, type RoleView } from './roles-repository.ts';

export async function createRole(ctx: TenantContext, input: RoleInput): Promise<RoleView> {
  assertCan(ctx.actor, 'roles.manage');
  const problems = new Problems();
  const role = cleanRoleInput(input, problems);
  if (role.name && (await roleNameTaken(ctx.trx, ctx.tenantId, role.name))) problems.add('name', 'taken', 'A role with this name already exists');
  problems.throwIfAny();
  const missing = missingPermissions(ctx.actor, role.permissions);
  if (missing.length > 0) throw new AppError(403, 'role_not_assignable', `You cannot give permissions you do not hold yourself: ${missing.join(', ')}`);

  const id = await insertRole(ctx.trx, ctx.tenantId, role, ctx.now());
  await recordAuditEvent(ctx, { action: 'role.created', entityType: 'role', entityId: id, after: role });
  const created = await findRole(ctx.trx, ctx.tenantId, id);
  if (!created) throw new Error('role vanished after insert');
  return created;
}
