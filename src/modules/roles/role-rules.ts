/**
 * Who may hand out which role. Decided for the foundation, kept deliberately simple:
 * - The Owner role is never assigned to anyone: ownership is fixed at sign-up, and the owner's
 *   own role cannot be changed (owner protection).
 * - Only the owner may assign the Admin role, or change the role of or deactivate someone who
 *   is an Admin. Admins therefore cannot demote or lock out one another, and one stolen admin
 *   account cannot mint more admins.
 * - Everyone else may only grant permissions they hold themselves, whether by assigning a role
 *   to a user or by building a custom role. A clerk given users.manage cannot promote a
 *   colleague to a role carrying roles.manage.
 * - Likewise nobody but the owner may change or deactivate a colleague whose role holds a
 *   permission they do not: a clerk with users.manage cannot lock out their manager.
 */
import { AppError } from '../../lib/errors.ts';
import type { Actor } from '../context.ts';
import type { BuiltinRoleKey } from '../../db/schema.ts';
import { effectivePermissions, type Permission } from './permissions.ts';

export function missingPermissions(actor: Actor, permissions: readonly Permission[]): Permission[] {
  if (actor.isOwner) return [];
  return permissions.filter((p) => !actor.permissions.has(p));
}

export function assertMayGrant(actor: Actor, role: { builtinKey: BuiltinRoleKey | null; permissions: readonly Permission[] }): void {
  if (role.builtinKey === 'owner') throw new AppError(403, 'role_not_assignable', 'The Owner role cannot be given to anyone; a company has exactly one owner');
  if (role.builtinKey === 'admin' && !actor.isOwner) throw new AppError(403, 'role_not_assignable', 'Only the owner can make someone an Admin');
  const missing = missingPermissions(actor, role.permissions);
  if (missing.length > 0) throw new AppError(403, 'role_not_assignable', `You cannot give permissions you do not hold yourself: ${missing.join(', ')}`);
}

export interface ManagedUser {
  id: string;
  isOwner: boolean;
  roleBuiltinKey: BuiltinRoleKey | null;
  roleStoredPermissions: string[];
}

/** Guards changes to an existing staff member (role change, deactivation, reactivation). */
export function assertMayManage(actor: Actor, target: ManagedUser): void {
  if (target.isOwner) throw new AppError(403, 'owner_protected', 'The company owner cannot be deactivated and their role cannot be changed');
  if (target.roleBuiltinKey === 'admin' && !actor.isOwner) throw new AppError(403, 'admin_protected', 'Only the owner can change or deactivate an Admin');
  const held = effectivePermissions({ builtin_key: target.roleBuiltinKey, permissions: target.roleStoredPermissions });
  const missing = missingPermissions(actor, [...held]);
  if (missing.length > 0) {
    throw new AppError(403, 'user_outranks_you', `You cannot change someone who holds permissions you do not: ${missing.join(', ')}`);
  }
}

/** For forms: whether to offer a role in the actor's role picker at all. */
export function mayGrant(actor: Actor, role: { builtinKey: BuiltinRoleKey | null; permissions: readonly Permission[] }): boolean {
  try {
    assertMayGrant(actor, role);
    return true;
  } catch (err) {
    if (err instanceof AppError) return false;
    throw err;
  }
}

/** For the team table: whether to show the role and deactivate controls on a row. */
export function mayManage(actor: Actor, target: ManagedUser): boolean {
  try {
    assertMayManage(actor, target);
    return true;
  } catch (err) {
    if (err instanceof AppError) return false;
    throw err;
  }
}
