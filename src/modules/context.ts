/**
 * The explicit context every use case takes first: who is acting, for which tenant, inside
 * which transaction. Routes, jobs and tests all build the same shape.
 */
import type { TenantTx } from '../db/tenancy.ts';
import type { ActorType } from '../db/schema.ts';
import type { Permission } from './roles/permissions.ts';
import { forbidden } from '../lib/errors.ts';

export interface Actor {
  type: ActorType;
  /** User id or API key id; null for system work. */
  id: string | null;
  /** Name at the time, written into the audit log. */
  label: string;
  isOwner: boolean;
  permissions: ReadonlySet<Permission>;
}

export interface TenantContext {
  tenantId: string;
  actor: Actor;
  trx: TenantTx;
  requestId?: string | undefined;
  ip?: string | undefined;
  /** Injectable clock; billing and expiry read time from here. */
  now: () => Date;
}

export function can(actor: Actor, permission: Permission): boolean {
  return actor.permissions.has(permission);
}

export function assertCan(actor: Actor, permission: Permission): void {
  if (!can(actor, permission)) throw forbidden();
}

export const SYSTEM_ACTOR: Actor = {
  type: 'system',
  id: null,
  label: 'system',
  isOwner: false,
  permissions: new Set(),
};
