/**
 * Row types for Kysely. Hand-written next to the migrations: change both together.
 */
import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;

export interface TenantsTable {
  id: Generated<string>;
  slug: string;
  name: string;
  status: Generated<'active' | 'suspended'>;
  suspended_reason: string | null;
  suspended_at: NullableTimestamp;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface PlatformAdminsTable {
  id: Generated<string>;
  email: string;
  name: Generated<string>;
  password_hash: string;
  created_at: Timestamp;
  last_sign_in_at: NullableTimestamp;
  failed_sign_in_count: Generated<number>;
  locked_until: NullableTimestamp;
}

export interface PlatformSessionsTable {
  id: Generated<string>;
  admin_id: string;
  token_hash: string;
  created_at: Timestamp;
  last_seen_at: Timestamp;
  expires_at: Timestamp;
}

export interface TenantSettingsTable {
  tenant_id: string;
  id: Generated<string>;
  currency: Generated<string>;
  time_zone: Generated<string>;
  country: Generated<string>;
  locale: Generated<string>;
  legal_name: Generated<string>;
  tax_id: Generated<string>;
  address: Generated<string>;
  phone: Generated<string>;
  email: Generated<string>;
  logo: Buffer | null;
  logo_content_type: string | null;
  updated_at: Timestamp;
}

export type BuiltinRoleKey = 'owner' | 'admin' | 'billing' | 'support' | 'technician' | 'read_only';

export interface RolesTable {
  tenant_id: string;
  id: Generated<string>;
  builtin_key: BuiltinRoleKey | null;
  name: string;
  description: Generated<string>;
  permissions: Generated<string[]>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export type UserStatus = 'invited' | 'active' | 'deactivated';

export interface UsersTable {
  tenant_id: string;
  id: Generated<string>;
  email: string;
  name: string;
  password_hash: string | null;
  role_id: string;
  is_owner: Generated<boolean>;
  status: Generated<UserStatus>;
  failed_sign_in_count: Generated<number>;
  locked_until: NullableTimestamp;
  last_sign_in_at: NullableTimestamp;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface SessionsTable {
  tenant_id: string;
  id: Generated<string>;
  user_id: string;
  token_hash: string;
  ip: string | null;
  user_agent: string | null;
  created_at: Timestamp;
  last_seen_at: Timestamp;
  expires_at: Timestamp;
}

export type UserTokenPurpose = 'invitation' | 'password_reset';

export interface UserTokensTable {
  tenant_id: string;
  id: Generated<string>;
  user_id: string;
  purpose: UserTokenPurpose;
  token_hash: string;
  created_at: Timestamp;
  expires_at: Timestamp;
  used_at: NullableTimestamp;
}

export interface ApiKeysTable {
  tenant_id: string;
  id: Generated<string>;
  name: string;
  key_prefix: string;
  key_hash: string;
  permissions: string[];
  created_by: string | null;
  created_at: Timestamp;
  last_used_at: NullableTimestamp;
  revoked_at: NullableTimestamp;
}

export type ActorType = 'user' | 'api_key' | 'system' | 'platform' | 'anonymous';

export interface AuditEventsTable {
  tenant_id: string;
  id: Generated<string>;
  occurred_at: Timestamp;
  actor_type: ActorType;
  actor_id: string | null;
  actor_label: Generated<string>;
  action: string;
  entity_type: string;
  entity_id: string | null;
  before: unknown;
  after: unknown;
  ip: string | null;
  request_id: string | null;
}

export interface TenantCountersTable {
  tenant_id: string;
  id: Generated<string>;
  name: string;
  last_value: Generated<number>;
}

export interface DB {
  tenants: TenantsTable;
  platform_admins: PlatformAdminsTable;
  platform_sessions: PlatformSessionsTable;
  tenant_settings: TenantSettingsTable;
  roles: RolesTable;
  users: UsersTable;
  sessions: SessionsTable;
  user_tokens: UserTokensTable;
  api_keys: ApiKeysTable;
  audit_events: AuditEventsTable;
  tenant_counters: TenantCountersTable;
  platform_audit_events: PlatformAuditEventsTable;
}

/** Append-only record of platform operators' actions (not tenant-owned). */
export interface PlatformAuditEventsTable {
  id: Generated<string>;
  occurred_at: Timestamp;
  admin_id: string | null;
  action: string;
  target_tenant_id: string | null;
  /** JSON text on insert. */
  details: ColumnType<unknown, string | undefined, never>;
  ip: string | null;
  request_id: string | null;
}
