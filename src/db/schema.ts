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
  account_number_prefix: Generated<string>;
  map_tile_url: Generated<string>;
  map_attribution: Generated<string>;
  billing_day_policy: Generated<BillingDayPolicy>;
  billing_day: Generated<number>;
  payment_terms_days: Generated<number>;
  invoice_prefix: Generated<string>;
  receipt_prefix: Generated<string>;
  credit_note_prefix: Generated<string>;
  document_number_digits: Generated<number>;
  receipt_kind: Generated<ReceiptKind>;
  plan_change_billing: Generated<PlanChangeBilling>;
  cancellation_credit: Generated<CancellationCredit>;
  billing_run_hour: Generated<number>;
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
  service_areas: ServiceAreasTable;
  service_plans: ServicePlansTable;
  customers: CustomersTable;
  customer_status_changes: CustomerStatusChangesTable;
  lcps: LcpsTable;
  splitters: SplittersTable;
  naps: NapsTable;
  nap_ports: NapPortsTable;
  installations: InstallationsTable;
  cpe_devices: CpeDevicesTable;
  cpe_device_events: CpeDeviceEventsTable;
  services: ServicesTable;
  service_plan_changes: ServicePlanChangesTable;
  import_files: ImportFilesTable;
  tax_rates: TaxRatesTable;
  scheduled_plan_changes: ScheduledPlanChangesTable;
  billing_runs: BillingRunsTable;
  invoices: InvoicesTable;
  invoice_lines: InvoiceLinesTable;
  charges: ChargesTable;
  payments: PaymentsTable;
  receipts: ReceiptsTable;
  credit_notes: CreditNotesTable;
  allocations: AllocationsTable;
  refunds: RefundsTable;
  balance_adjustments: BalanceAdjustmentsTable;
  ledger_entries: LedgerEntriesTable;
  idempotency_keys: IdempotencyKeysTable;
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

// ---- Issue 3: subscribers, plans and the fiber network --------------------------------

/** A calendar date as 'YYYY-MM-DD' (the pg type parser keeps dates as text). */
type DateText = ColumnType<string, string, string>;
type NullableDateText = ColumnType<string | null, string | null | undefined, string | null>;
type Generated_<T> = ColumnType<T, never, never>;

export type LocationAccuracy = 'exact' | 'approximate' | 'address' | 'manual';

export interface ServiceAreasTable {
  tenant_id: string;
  id: Generated<string>;
  parent_id: string | null;
  name: string;
  code: string | null;
  kind: Generated<string>;
  active: Generated<boolean>;
  external_ref: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export type PeriodUnit = 'month' | 'day';

export interface ServicePlansTable {
  tenant_id: string;
  id: Generated<string>;
  name: string;
  download_mbps: number;
  upload_mbps: number;
  price_minor: number;
  currency: string;
  period_unit: Generated<PeriodUnit>;
  period_count: Generated<number>;
  setup_fee_minor: number | null;
  tax_class: Generated<string>;
  description: Generated<string>;
  active: Generated<boolean>;
  retired_at: NullableTimestamp;
  external_ref: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export type CustomerStatus = 'lead' | 'active' | 'suspended' | 'disconnected' | 'terminated';

export interface CustomersTable {
  tenant_id: string;
  id: Generated<string>;
  account_number: string;
  first_name: Generated<string>;
  last_name: Generated<string>;
  company_name: Generated<string>;
  email: string | null;
  phone: Generated<string>;
  alt_phone: Generated<string>;
  service_address: Generated<string>;
  area_id: string | null;
  latitude: number | null;
  longitude: number | null;
  location_accuracy: LocationAccuracy | null;
  location_notes: Generated<string>;
  status: Generated<CustomerStatus>;
  status_changed_at: Timestamp;
  notes: Generated<string>;
  tags: Generated<string[]>;
  external_ref: string | null;
  display_name: Generated_<string>;
  search_text: Generated_<string>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface CustomerStatusChangesTable {
  tenant_id: string;
  id: Generated<string>;
  customer_id: string;
  from_status: CustomerStatus | null;
  to_status: CustomerStatus;
  reason: Generated<string>;
  effective_on: DateText;
  changed_at: Timestamp;
  actor_id: string | null;
  actor_label: Generated<string>;
}

export interface LcpsTable {
  tenant_id: string;
  id: Generated<string>;
  code: string;
  name: string;
  port_count: Generated<number>;
  area_id: string | null;
  address: Generated<string>;
  latitude: number | null;
  longitude: number | null;
  coverage_radius_m: number | null;
  notes: Generated<string>;
  active: Generated<boolean>;
  external_ref: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export type SplitterRatio = 2 | 4 | 8 | 16 | 32 | 64;

export interface SplittersTable {
  tenant_id: string;
  id: Generated<string>;
  lcp_id: string;
  code: string;
  ratio: SplitterRatio;
  lcp_port: number;
  notes: Generated<string>;
  active: Generated<boolean>;
  external_ref: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface NapsTable {
  tenant_id: string;
  id: Generated<string>;
  splitter_id: string;
  code: string;
  name: Generated<string>;
  splitter_port: number;
  port_count: number;
  address: Generated<string>;
  latitude: number | null;
  longitude: number | null;
  notes: Generated<string>;
  active: Generated<boolean>;
  external_ref: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface NapPortsTable {
  tenant_id: string;
  id: Generated<string>;
  nap_id: string;
  port_number: number;
  out_of_service: Generated<boolean>;
  notes: Generated<string>;
}

export type InstallationStatus = 'scheduled' | 'active' | 'suspended' | 'terminated' | 'cancelled';

/** Statuses in which an installation holds its NAP port (mirrors installations_port_in_use). */
export const PORT_HOLDING_STATUSES: readonly InstallationStatus[] = ['scheduled', 'active', 'suspended'];

export interface InstallationsTable {
  tenant_id: string;
  id: Generated<string>;
  customer_id: string;
  service_address: Generated<string>;
  latitude: number | null;
  longitude: number | null;
  location_accuracy: LocationAccuracy | null;
  location_notes: Generated<string>;
  nap_port_id: string | null;
  technician_id: string | null;
  scheduled_on: NullableDateText;
  completed_on: NullableDateText;
  status: Generated<InstallationStatus>;
  ended_on: NullableDateText;
  notes: Generated<string>;
  external_ref: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export type CpeKind = 'onu' | 'router' | 'ap' | 'antenna' | 'other';
export type CpeStatus = 'in_stock' | 'installed' | 'faulty' | 'returned' | 'retired';

export interface CpeDevicesTable {
  tenant_id: string;
  id: Generated<string>;
  kind: Generated<CpeKind>;
  brand: string;
  model: string;
  serial_number: string;
  mac_address: string | null;
  status: Generated<CpeStatus>;
  installation_id: string | null;
  notes: Generated<string>;
  external_ref: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export type CpeEvent = 'received' | 'installed' | 'removed' | 'status_changed' | 'edited';

export interface CpeDeviceEventsTable {
  tenant_id: string;
  id: Generated<string>;
  device_id: string;
  event: CpeEvent;
  from_status: CpeStatus | null;
  to_status: CpeStatus;
  installation_id: string | null;
  customer_id: string | null;
  note: Generated<string>;
  occurred_at: Timestamp;
  actor_id: string | null;
  actor_label: Generated<string>;
}

export type BillingMode = 'prepaid' | 'postpaid';
export type ServiceStatus = 'pending' | 'active' | 'suspended' | 'terminated';

export interface ServicesTable {
  tenant_id: string;
  id: Generated<string>;
  customer_id: string;
  plan_id: string;
  installation_id: string | null;
  billing_mode: BillingMode;
  start_on: DateText;
  end_on: NullableDateText;
  status: Generated<ServiceStatus>;
  price_override_minor: number | null;
  discount_minor: number | null;
  adjustment_reason: Generated<string>;
  notes: Generated<string>;
  external_ref: string | null;
  /** End (exclusive) of the last period invoiced (postpaid) or bought (prepaid). */
  billed_until: NullableDateText;
  /** Day of month periods start on, fixed at the first invoice. */
  anchor_day: number | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ServicePlanChangesTable {
  tenant_id: string;
  id: Generated<string>;
  service_id: string;
  from_plan_id: string | null;
  to_plan_id: string;
  effective_on: DateText;
  reason: Generated<string>;
  changed_at: Timestamp;
  actor_id: string | null;
  actor_label: Generated<string>;
}

// ---- Issue 3: CSV imports (src/modules/imports) ---------------------------------------

export type ImportType = 'areas' | 'plans' | 'customers' | 'devices' | 'installations';
export type ImportSource = 'upload' | 'api' | 'cli';
export type ImportStatus = 'checked' | 'imported' | 'failed';

export interface ImportFilesTable {
  tenant_id: string;
  id: Generated<string>;
  import_type: ImportType;
  source: ImportSource;
  file_name: Generated<string>;
  content: string | null;
  size_bytes: number;
  row_count: Generated<number>;
  status: ImportStatus;
  created_count: Generated<number>;
  skipped_count: Generated<number>;
  problem_count: Generated<number>;
  /** JSON text on insert and update; parsed JSON on select. */
  problems: ColumnType<unknown, string | undefined, string>;
  actor_type: ActorType;
  actor_id: string | null;
  actor_label: Generated<string>;
  created_at: Timestamp;
  imported_at: NullableTimestamp;
  imported_by_label: Generated<string>;
  /** When housekeeping dropped the content of a file left unimported; null otherwise. */
  content_cleared_at: NullableTimestamp;
}

// ---- Issue 4: billing (src/modules/billing and friends) ------------------------------

export type BillingDayPolicy = 'anniversary' | 'fixed_day';
export type ReceiptKind = 'official' | 'acknowledgment';
export type PlanChangeBilling = 'next_invoice' | 'immediate';
export type CancellationCredit = 'none' | 'prorated';

/** JSON column: JSON text (or a value Kysely serialises) on write, parsed JSON on read. */
type Json<T> = ColumnType<T, string, string>;
type NullableJson<T> = ColumnType<T | null, string | null | undefined, string | null>;

export interface TaxRatesTable {
  tenant_id: string;
  id: Generated<string>;
  tax_class: string;
  name: string;
  /** Parts per million: 12% is 120000. */
  rate_ppm: number;
  inclusive: boolean;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export type ScheduledPlanChangeStatus = 'scheduled' | 'applied' | 'cancelled';

export interface ScheduledPlanChangesTable {
  tenant_id: string;
  id: Generated<string>;
  service_id: string;
  to_plan_id: string;
  effective_on: DateText;
  status: Generated<ScheduledPlanChangeStatus>;
  reason: Generated<string>;
  created_at: Timestamp;
  actor_label: Generated<string>;
  settled_at: NullableTimestamp;
}

export type BillingRunTrigger = 'cli' | 'schedule' | 'staff';
export type BillingRunStatus = 'running' | 'completed' | 'failed' | 'interrupted';

export interface BillingRunError {
  serviceId: string | null;
  reason: string;
}

export interface BillingRunsTable {
  tenant_id: string;
  id: Generated<string>;
  run_on: DateText;
  trigger: BillingRunTrigger;
  status: Generated<BillingRunStatus>;
  actor_type: ActorType;
  actor_id: string | null;
  actor_label: Generated<string>;
  host: Generated<string>;
  pid: number | null;
  started_at: Timestamp;
  heartbeat_at: Timestamp;
  finished_at: NullableTimestamp;
  invoices_created: Generated<number>;
  plan_changes_applied: Generated<number>;
  services_expired: Generated<number>;
  skipped: Generated<number>;
  /** Minor units invoiced per currency: {"PHP": 123400}. */
  totals: ColumnType<Record<string, number>, string | undefined, string>;
  errors: ColumnType<BillingRunError[], string | undefined, string>;
}

export type InvoiceKind = 'recurring' | 'prepaid' | 'plan_change' | 'one_off';
export type InvoiceStatus = 'draft' | 'open' | 'partially_paid' | 'paid' | 'void' | 'uncollectible';

/** The customer as printed on a document, frozen when it was issued. */
export interface CustomerSnapshot {
  name: string;
  accountNumber: string;
  address: string;
  email: string;
  phone: string;
  taxId: string;
}

export interface InvoicesTable {
  tenant_id: string;
  id: Generated<string>;
  customer_id: string;
  service_id: string | null;
  kind: InvoiceKind;
  status: Generated<InvoiceStatus>;
  number: string | null;
  number_seq: number | null;
  currency: string;
  issued_on: NullableDateText;
  due_on: NullableDateText;
  period_start: NullableDateText;
  period_end: NullableDateText;
  subtotal_minor: Generated<number>;
  tax_minor: Generated<number>;
  total_minor: Generated<number>;
  customer_snapshot: NullableJson<CustomerSnapshot>;
  memo: Generated<string>;
  billing_run_id: string | null;
  created_at: Timestamp;
  created_by_label: Generated<string>;
  /** Always SQL now() of the finalizing transaction (the line guard trigger relies on it). */
  finalized_at: NullableTimestamp;
  voided_at: NullableTimestamp;
  void_reason: string | null;
  uncollectible_at: NullableTimestamp;
  updated_at: Timestamp;
}

export type ChargeKind =
  | 'proration_credit'
  | 'proration_charge'
  | 'setup_fee'
  | 'installation_fee'
  | 'equipment'
  | 'late_fee'
  | 'reconnection_fee'
  | 'other';
export type InvoiceLineKind = ChargeKind | 'service' | 'prepaid_time';

export interface InvoiceLinesTable {
  tenant_id: string;
  id: Generated<string>;
  invoice_id: string;
  position: number;
  kind: InvoiceLineKind;
  description: string;
  service_id: string | null;
  period_start: NullableDateText;
  period_end: NullableDateText;
  quantity: Generated<number>;
  unit_price_minor: number;
  amount_minor: number;
  tax_class: string | null;
  tax_name: string | null;
  tax_rate_ppm: Generated<number>;
  tax_inclusive: Generated<boolean>;
  net_minor: number;
  tax_minor: number;
  total_minor: number;
}

export type ChargeStatus = 'pending' | 'invoiced' | 'cancelled';

export interface ChargesTable {
  tenant_id: string;
  id: Generated<string>;
  customer_id: string;
  service_id: string | null;
  kind: ChargeKind;
  description: string;
  period_start: NullableDateText;
  period_end: NullableDateText;
  quantity: Generated<number>;
  unit_price_minor: number;
  tax_class: Generated<string>;
  status: Generated<ChargeStatus>;
  invoice_id: string | null;
  created_at: Timestamp;
  created_by_label: Generated<string>;
  settled_at: NullableTimestamp;
}

export type PaymentMethod = 'cash' | 'bank_transfer' | 'cheque' | 'gcash' | 'maya' | 'mpesa' | 'card' | 'other';
export type PaymentStatus = 'posted' | 'void';

export interface PaymentsTable {
  tenant_id: string;
  id: Generated<string>;
  customer_id: string;
  service_id: string | null;
  amount_minor: number;
  currency: string;
  method: PaymentMethod;
  reference: Generated<string>;
  received_on: DateText;
  received_at: Timestamp;
  collected_by: string | null;
  collected_by_label: Generated<string>;
  notes: Generated<string>;
  status: Generated<PaymentStatus>;
  voided_at: NullableTimestamp;
  void_reason: string | null;
  voided_by_label: string | null;
}

/** What a receipt prints, frozen at issue. */
export interface ReceiptContent {
  customer: CustomerSnapshot;
  method: PaymentMethod;
  reference: string;
  receivedOn: string;
  collectedBy: string;
  /** Invoices this payment paid when the receipt was issued. */
  applied: { invoiceNumber: string; amountMinor: number }[];
  /** What stayed on the account as credit. */
  creditMinor: number;
  /** Prepaid time bought, when the payment bought time. */
  prepaid: { serviceLabel: string; from: string; until: string } | null;
}

export interface ReceiptsTable {
  tenant_id: string;
  id: Generated<string>;
  payment_id: string;
  number: string;
  number_seq: number;
  kind: ReceiptKind;
  customer_id: string;
  amount_minor: number;
  currency: string;
  issued_at: Timestamp;
  issued_on: DateText;
  content: Json<ReceiptContent>;
  voided_at: NullableTimestamp;
  void_reason: string | null;
  voided_by_label: string | null;
}

export type CreditNoteKind = 'manual' | 'cancellation';

export interface CreditNotesTable {
  tenant_id: string;
  id: Generated<string>;
  invoice_id: string;
  customer_id: string;
  number: string;
  number_seq: number;
  kind: Generated<CreditNoteKind>;
  currency: string;
  subtotal_minor: number;
  tax_minor: number;
  total_minor: number;
  reason: string;
  issued_on: DateText;
  issued_at: Timestamp;
  issued_by_label: Generated<string>;
  customer_snapshot: Json<CustomerSnapshot>;
}

export interface AllocationsTable {
  tenant_id: string;
  id: Generated<string>;
  invoice_id: string;
  payment_id: string | null;
  credit_note_id: string | null;
  credit_invoice_id: string | null;
  /** Negative only on a reversal row, which names the allocation it reverses. */
  amount_minor: number;
  reverses_id: string | null;
  created_at: Timestamp;
  actor_label: Generated<string>;
}

export interface RefundsTable {
  tenant_id: string;
  id: Generated<string>;
  customer_id: string;
  payment_id: string | null;
  credit_note_id: string | null;
  credit_invoice_id: string | null;
  amount_minor: number;
  currency: string;
  method: PaymentMethod;
  reference: Generated<string>;
  reason: string;
  refunded_on: DateText;
  created_at: Timestamp;
  actor_label: Generated<string>;
}

export interface BalanceAdjustmentsTable {
  tenant_id: string;
  id: Generated<string>;
  customer_id: string;
  amount_minor: number;
  currency: string;
  reason: string;
  effective_on: DateText;
  created_at: Timestamp;
  actor_label: Generated<string>;
}

export type LedgerEntryType = 'invoice' | 'invoice_void' | 'payment' | 'payment_void' | 'credit_note' | 'refund' | 'adjustment';

export interface LedgerEntriesTable {
  tenant_id: string;
  id: Generated<string>;
  customer_id: string;
  entry_type: LedgerEntryType;
  /** Positive: the customer owes more. */
  amount_minor: number;
  currency: string;
  effective_on: DateText;
  created_at: Timestamp;
  description: Generated<string>;
  invoice_id: string | null;
  payment_id: string | null;
  credit_note_id: string | null;
  refund_id: string | null;
  adjustment_id: string | null;
}

export interface IdempotencyKeysTable {
  tenant_id: string;
  id: Generated<string>;
  key: string;
  request_hash: string;
  operation: string;
  response_status: number;
  response_body: Json<unknown>;
  created_at: Timestamp;
}
