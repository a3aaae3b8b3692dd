/**
 * Every permission a role can hold. Routes check one of these; custom roles are built from
 * this list. Later capabilities append their own (customers.*, billing.*, ...).
 */
import type { BuiltinRoleKey } from '../../db/schema.ts';

export const PERMISSIONS = {
  'users.read': 'See the team',
  'users.manage': 'Invite, change roles of and deactivate staff',
  'roles.manage': 'Create and edit custom roles',
  'audit.read': 'Browse the audit log',
  'settings.read': 'See company settings',
  'settings.manage': 'Change company settings',
  'api_keys.manage': 'Create and revoke API keys',
} as const;

export type Permission = keyof typeof PERMISSIONS;

export const ALL_PERMISSIONS = Object.keys(PERMISSIONS) as Permission[];

export function isPermission(value: string): value is Permission {
  return Object.hasOwn(PERMISSIONS, value);
}

export interface BuiltinRole {
  key: BuiltinRoleKey;
  name: string;
  description: string;
  permissions: readonly Permission[];
}

/** Built-in roles take their permissions from here, not from the database row. */
export const BUILTIN_ROLES: readonly BuiltinRole[] = [
  { key: 'owner', name: 'Owner', description: 'Everything, including the company itself', permissions: ALL_PERMISSIONS },
  { key: 'admin', name: 'Admin', description: 'Runs the system: team, roles, settings, API keys', permissions: ALL_PERMISSIONS },
  { key: 'billing', name: 'Billing clerk', description: 'Invoices, payments and receipts', permissions: ['users.read', 'settings.read'] },
  { key: 'support', name: 'Support', description: 'Subscribers and tickets', permissions: ['users.read'] },
  { key: 'technician', name: 'Technician', description: 'Installations and network in the field', permissions: ['users.read'] },
  { key: 'read_only', name: 'Read-only', description: 'Sees, never changes', permissions: ['users.read', 'settings.read'] },
];

export function builtinRole(key: BuiltinRoleKey): BuiltinRole {
  const role = BUILTIN_ROLES.find((r) => r.key === key);
  if (!role) throw new Error(`unknown built-in role ${key}`);
  return role;
}

/** The permissions a role row grants: code for built-ins, the stored list for custom roles. */
export function effectivePermissions(role: { builtin_key: BuiltinRoleKey | null; permissions: string[] }): Set<Permission> {
  if (role.builtin_key) return new Set(builtinRole(role.builtin_key).permissions);
  return new Set(role.permissions.filter(isPermission));
}
