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
  'customers.read': 'See subscribers, their services, installations and devices, plans and areas',
  'customers.manage': 'Add and edit subscribers and change their status',
  'services.manage': 'Subscribe customers to plans, change plans, suspend and end services',
  'plans.manage': 'Create, edit and retire service plans',
  'areas.manage': 'Create and edit service areas',
  'network.read': 'See the fiber plant, the network map and tree, and the CPE inventory',
  'network.manage': 'Add and change LCPs, splitters, NAP boxes and ports',
  'inventory.manage': 'Receive, edit and retire CPE devices (routers, ONUs)',
  'installations.manage': 'Schedule, complete and terminate installations',
  'imports.run': 'Import areas, plans, customers, devices and installations from CSV',
  'billing.read': 'See invoices, payments, receipts, credit notes, balances, statements and billing runs',
  'payments.collect': 'Take payments (including prepaid top-ups) and issue receipts',
  'billing.manage': 'Add charges, finalize and void invoices, issue credit notes and refunds, void receipts, adjust balances',
  'billing.run': 'Run billing and preview what a run would make',
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
  { key: 'billing', name: 'Billing clerk', description: 'Invoices, payments and receipts', permissions: ['users.read', 'settings.read', 'customers.read', 'customers.manage', 'services.manage', 'network.read', 'billing.read', 'payments.collect', 'billing.manage', 'billing.run'] },
  { key: 'support', name: 'Support', description: 'Subscribers and tickets', permissions: ['users.read', 'customers.read', 'customers.manage', 'services.manage', 'network.read', 'billing.read', 'payments.collect'] },
  { key: 'technician', name: 'Technician', description: 'Installations and network in the field', permissions: ['users.read', 'customers.read', 'network.read', 'network.manage', 'inventory.manage', 'installations.manage'] },
  { key: 'read_only', name: 'Read-only', description: 'Sees, never changes', permissions: ['users.read', 'settings.read', 'customers.read', 'network.read', 'billing.read'] },
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
