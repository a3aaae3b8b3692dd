-- migrate:up
-- Issue 4: the billing engine. Tenant billing settings, tax rates, invoices and their lines,
-- charges waiting for the next invoice, payments and official receipts, allocations,
-- credit notes, refunds, balance adjustments, the customer ledger, idempotency keys and
-- billing runs. Every table follows DESIGN.md's tenancy rules (tenant-first keys,
-- composite foreign keys, forced RLS) and its money rules (bigint minor units).
--
-- What may never change is refused here, not only in code:
--   * the ledger, allocations, refunds, adjustments and credit notes are append-only;
--   * a finalized invoice keeps its number, customer, dates, lines and totals; only its
--     status (paid, void, uncollectible) moves, and a line cannot be added to it after the
--     transaction that finalized it;
--   * a receipt keeps its number and content; only the void fields can be set, once;
--   * one invoice per service and period (the billing run's idempotency), as a unique index.

ALTER TABLE tenant_settings
  ADD COLUMN billing_day_policy text NOT NULL DEFAULT 'anniversary'
    CHECK (billing_day_policy IN ('anniversary', 'fixed_day')),
  -- The day of the month every postpaid service is billed on under 'fixed_day'. Up to 28 so
  -- that every month has it.
  ADD COLUMN billing_day smallint NOT NULL DEFAULT 1 CHECK (billing_day BETWEEN 1 AND 28),
  ADD COLUMN payment_terms_days smallint NOT NULL DEFAULT 7 CHECK (payment_terms_days BETWEEN 0 AND 365),
  ADD COLUMN invoice_prefix text NOT NULL DEFAULT 'INV-' CHECK (invoice_prefix ~ '^[A-Za-z0-9/_-]{0,12}$'),
  ADD COLUMN receipt_prefix text NOT NULL DEFAULT 'OR-' CHECK (receipt_prefix ~ '^[A-Za-z0-9/_-]{0,12}$'),
  ADD COLUMN credit_note_prefix text NOT NULL DEFAULT 'CN-' CHECK (credit_note_prefix ~ '^[A-Za-z0-9/_-]{0,12}$'),
  ADD COLUMN document_number_digits smallint NOT NULL DEFAULT 6 CHECK (document_number_digits BETWEEN 1 AND 12),
  -- Philippine BIR wording: 'official' receipts for VAT-registered sellers of services,
  -- 'acknowledgment' receipts for everything that must not look like one.
  ADD COLUMN receipt_kind text NOT NULL DEFAULT 'official' CHECK (receipt_kind IN ('official', 'acknowledgment')),
  ADD COLUMN plan_change_billing text NOT NULL DEFAULT 'next_invoice'
    CHECK (plan_change_billing IN ('next_invoice', 'immediate')),
  ADD COLUMN cancellation_credit text NOT NULL DEFAULT 'prorated' CHECK (cancellation_credit IN ('none', 'prorated')),
  -- Local hour (tenant time zone) of the nightly billing run.
  ADD COLUMN billing_run_hour smallint NOT NULL DEFAULT 1 CHECK (billing_run_hour BETWEEN 0 AND 23);

-- A plan or one-off charge names a tax class; the rate behind it lives here. A class with
-- no row is untaxed. Rates are parts per million so 12% is 120000 and 7.5% is 75000:
-- integers, no floats.
CREATE TABLE tax_rates (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  tax_class text NOT NULL CHECK (tax_class ~ '^[a-z][a-z0-9_]{0,39}$'),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 60),
  rate_ppm integer NOT NULL CHECK (rate_ppm BETWEEN 0 AND 1000000),
  -- Inclusive: prices already contain the tax (net = round(gross / (1 + rate))).
  inclusive boolean NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, tax_class)
);
SELECT lastmile_secure_tenant_table('tax_rates');
GRANT SELECT, INSERT, UPDATE, DELETE ON tax_rates TO lastmile_app;

-- Where billing stands for each service.
ALTER TABLE services
  -- End (exclusive) of the last period invoiced: for postpaid the period billed in
  -- advance, for prepaid the day the paid time runs out. NULL until the first invoice.
  ADD COLUMN billed_until date,
  -- Day of month the periods start on (1-31; clamped in short months). Set at the first
  -- invoice from the tenant's policy, so changing the policy later moves no one's dates.
  ADD COLUMN anchor_day smallint CHECK (anchor_day BETWEEN 1 AND 31);
-- The billing run's "who is due" scan.
CREATE INDEX services_postpaid_due ON services (tenant_id, (coalesce(billed_until, start_on)), id)
  WHERE billing_mode = 'postpaid' AND status = 'active';
-- The run's "which prepaid services lapse" scan.
CREATE INDEX services_prepaid_until ON services (tenant_id, billed_until)
  WHERE billing_mode = 'prepaid' AND status = 'active';

-- A downgrade (or any change) that waits for the end of the period. The billing run applies
-- it before billing the period that starts on effective_on.
CREATE TABLE scheduled_plan_changes (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  service_id uuid NOT NULL,
  to_plan_id uuid NOT NULL,
  effective_on date NOT NULL,
  status text NOT NULL DEFAULT 'scheduled' CHECK (status IN ('scheduled', 'applied', 'cancelled')),
  reason text NOT NULL DEFAULT '' CHECK (length(reason) <= 500),
  created_at timestamptz NOT NULL DEFAULT now(),
  actor_label text NOT NULL DEFAULT '',
  settled_at timestamptz,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, service_id) REFERENCES services (tenant_id, id),
  FOREIGN KEY (tenant_id, to_plan_id) REFERENCES service_plans (tenant_id, id)
);
-- One pending change per service at a time.
CREATE UNIQUE INDEX scheduled_plan_changes_one_pending ON scheduled_plan_changes (tenant_id, service_id)
  WHERE status = 'scheduled';
SELECT lastmile_secure_tenant_table('scheduled_plan_changes');
GRANT SELECT, INSERT, UPDATE ON scheduled_plan_changes TO lastmile_app;

CREATE TABLE billing_runs (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  -- The billing date: periods starting on or before it are invoiced.
  run_on date NOT NULL,
  trigger text NOT NULL CHECK (trigger IN ('cli', 'schedule', 'staff')),
  status text NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'completed', 'failed', 'interrupted')),
  actor_type text NOT NULL,
  actor_id uuid,
  actor_label text NOT NULL DEFAULT '',
  -- Where the run's process lives, so a later run can tell a dead run from a live one.
  host text NOT NULL DEFAULT '',
  pid integer,
  started_at timestamptz NOT NULL DEFAULT now(),
  heartbeat_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz,
  invoices_created integer NOT NULL DEFAULT 0,
  plan_changes_applied integer NOT NULL DEFAULT 0,
  services_expired integer NOT NULL DEFAULT 0,
  skipped integer NOT NULL DEFAULT 0,
  -- {"PHP": 123400}: what the run invoiced, per currency.
  totals jsonb NOT NULL DEFAULT '{}',
  -- [{"serviceId": ..., "reason": ...}]
  errors jsonb NOT NULL DEFAULT '[]',
  PRIMARY KEY (tenant_id, id)
);
CREATE INDEX billing_runs_recent ON billing_runs (tenant_id, started_at DESC);
SELECT lastmile_secure_tenant_table('billing_runs');
GRANT SELECT, INSERT, UPDATE ON billing_runs TO lastmile_app;

CREATE TABLE invoices (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  customer_id uuid NOT NULL,
  -- Set for the invoice of a service period (recurring postpaid, prepaid time bought) and
  -- for an immediate plan-change invoice.
  service_id uuid,
  kind text NOT NULL CHECK (kind IN ('recurring', 'prepaid', 'plan_change', 'one_off')),
  status text NOT NULL DEFAULT 'draft'
    CHECK (status IN ('draft', 'open', 'partially_paid', 'paid', 'void', 'uncollectible')),
  -- From a gapless per-tenant sequence, taken when the invoice is finalized.
  number text CHECK (length(number) BETWEEN 1 AND 40),
  number_seq integer,
  CHECK ((status = 'draft') = (number IS NULL) AND (number IS NULL) = (number_seq IS NULL)),
  currency char(3) NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  issued_on date,
  due_on date,
  CHECK ((status = 'draft') = (issued_on IS NULL)),
  period_start date,
  period_end date,
  CHECK ((period_start IS NULL) = (period_end IS NULL) AND (period_end IS NULL OR period_end > period_start)),
  subtotal_minor bigint NOT NULL DEFAULT 0,
  tax_minor bigint NOT NULL DEFAULT 0,
  total_minor bigint NOT NULL DEFAULT 0,
  CHECK (total_minor = subtotal_minor + tax_minor),
  -- The customer's name, account number, address, e-mail, phone and tax id when issued.
  customer_snapshot jsonb,
  CHECK ((status = 'draft') OR customer_snapshot IS NOT NULL),
  memo text NOT NULL DEFAULT '' CHECK (length(memo) <= 1000),
  billing_run_id uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by_label text NOT NULL DEFAULT '',
  finalized_at timestamptz,
  voided_at timestamptz,
  void_reason text CHECK (length(void_reason) BETWEEN 1 AND 500),
  CHECK ((status = 'void') = (voided_at IS NOT NULL) AND (voided_at IS NULL) = (void_reason IS NULL)),
  uncollectible_at timestamptz,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, number),
  UNIQUE (tenant_id, number_seq),
  FOREIGN KEY (tenant_id, customer_id) REFERENCES customers (tenant_id, id),
  FOREIGN KEY (tenant_id, service_id) REFERENCES services (tenant_id, id),
  FOREIGN KEY (tenant_id, billing_run_id) REFERENCES billing_runs (tenant_id, id)
);
-- The billing run's idempotency: one live invoice per service and period. A run that
-- meets an invoice already there fails its batch on this index instead of billing twice.
-- A voided invoice drops out, so a period can be reissued.
CREATE UNIQUE INDEX invoices_one_per_service_period ON invoices (tenant_id, service_id, period_start)
  WHERE kind IN ('recurring', 'prepaid') AND status <> 'void';
CREATE INDEX invoices_by_customer ON invoices (tenant_id, customer_id, created_at);
CREATE INDEX invoices_recent ON invoices (tenant_id, created_at DESC, id DESC);
CREATE INDEX invoices_unpaid ON invoices (tenant_id, customer_id, issued_on, number_seq)
  WHERE status IN ('open', 'partially_paid');
CREATE INDEX invoices_by_run ON invoices (tenant_id, billing_run_id) WHERE billing_run_id IS NOT NULL;
SELECT lastmile_secure_tenant_table('invoices');
GRANT SELECT, INSERT, UPDATE ON invoices TO lastmile_app;

-- Finalized invoices are immutable: only the status and its dates may move, and a void
-- or paid-in-full invoice's void fields are set once.
CREATE FUNCTION lastmile_invoice_freeze() RETURNS trigger
  LANGUAGE plpgsql AS $fn$
BEGIN
  IF OLD.status = 'draft' THEN
    RETURN NEW;
  END IF;
  IF NEW.number IS DISTINCT FROM OLD.number OR NEW.number_seq IS DISTINCT FROM OLD.number_seq
     OR NEW.customer_id IS DISTINCT FROM OLD.customer_id OR NEW.service_id IS DISTINCT FROM OLD.service_id
     OR NEW.kind IS DISTINCT FROM OLD.kind OR NEW.currency IS DISTINCT FROM OLD.currency
     OR NEW.issued_on IS DISTINCT FROM OLD.issued_on OR NEW.due_on IS DISTINCT FROM OLD.due_on
     OR NEW.period_start IS DISTINCT FROM OLD.period_start OR NEW.period_end IS DISTINCT FROM OLD.period_end
     OR NEW.subtotal_minor IS DISTINCT FROM OLD.subtotal_minor OR NEW.tax_minor IS DISTINCT FROM OLD.tax_minor
     OR NEW.total_minor IS DISTINCT FROM OLD.total_minor OR NEW.customer_snapshot IS DISTINCT FROM OLD.customer_snapshot
     OR NEW.memo IS DISTINCT FROM OLD.memo OR NEW.billing_run_id IS DISTINCT FROM OLD.billing_run_id
     OR NEW.finalized_at IS DISTINCT FROM OLD.finalized_at OR NEW.created_at IS DISTINCT FROM OLD.created_at
     OR NEW.status = 'draft'
     OR (OLD.status = 'void')
     OR (OLD.voided_at IS NOT NULL AND NEW.voided_at IS DISTINCT FROM OLD.voided_at) THEN
    RAISE EXCEPTION 'invoice % is finalized and cannot change', OLD.number USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END
$fn$;
CREATE TRIGGER invoices_freeze BEFORE UPDATE ON invoices FOR EACH ROW EXECUTE FUNCTION lastmile_invoice_freeze();
CREATE TRIGGER invoices_no_delete BEFORE DELETE ON invoices FOR EACH ROW EXECUTE FUNCTION lastmile_forbid_change();

CREATE TABLE invoice_lines (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  invoice_id uuid NOT NULL,
  position smallint NOT NULL CHECK (position >= 1),
  kind text NOT NULL CHECK (kind IN ('service', 'prepaid_time', 'proration_credit', 'proration_charge', 'setup_fee',
    'installation_fee', 'equipment', 'late_fee', 'reconnection_fee', 'other')),
  description text NOT NULL CHECK (length(description) BETWEEN 1 AND 300),
  service_id uuid,
  period_start date,
  period_end date,
  CHECK ((period_start IS NULL) = (period_end IS NULL) AND (period_end IS NULL OR period_end > period_start)),
  quantity integer NOT NULL DEFAULT 1 CHECK (quantity BETWEEN 1 AND 1000000),
  -- As priced: including tax when tax_inclusive, excluding it otherwise. Negative for credits.
  unit_price_minor bigint NOT NULL,
  amount_minor bigint NOT NULL,
  tax_class text,
  tax_name text,
  tax_rate_ppm integer NOT NULL DEFAULT 0 CHECK (tax_rate_ppm BETWEEN 0 AND 1000000),
  tax_inclusive boolean NOT NULL DEFAULT false,
  net_minor bigint NOT NULL,
  tax_minor bigint NOT NULL,
  total_minor bigint NOT NULL,
  CHECK (total_minor = net_minor + tax_minor),
  CHECK (amount_minor = (CASE WHEN tax_inclusive THEN total_minor ELSE net_minor END)),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, invoice_id, position),
  FOREIGN KEY (tenant_id, invoice_id) REFERENCES invoices (tenant_id, id),
  FOREIGN KEY (tenant_id, service_id) REFERENCES services (tenant_id, id)
);
SELECT lastmile_secure_tenant_table('invoice_lines');
GRANT SELECT, INSERT, DELETE ON invoice_lines TO lastmile_app;
CREATE TRIGGER invoice_lines_no_update BEFORE UPDATE ON invoice_lines FOR EACH ROW EXECUTE FUNCTION lastmile_forbid_change();

-- Lines may be added to a draft, or to an invoice finalized by the same transaction (the
-- billing run writes an open invoice and its lines in one statement; finalized_at is always
-- set from SQL now(), the transaction start, never from the injected clock). One check per
-- statement over the new rows, so a run's million lines cost one join, not a million.
CREATE FUNCTION lastmile_invoice_lines_guard() RETURNS trigger
  LANGUAGE plpgsql AS $fn$
BEGIN
  -- Each new line looks up its own invoice by primary key (a scalar subquery per line). A
  -- join here was planned as a scan of all the tenant's invoices, which made the billing
  -- run's line inserts slower with every batch (bench/billing-run.ts).
  IF TG_OP = 'INSERT' THEN
    IF EXISTS (SELECT 1 FROM new_lines l
               WHERE (SELECT i.status <> 'draft' AND i.finalized_at < now()
                        FROM invoices i WHERE i.tenant_id = l.tenant_id AND i.id = l.invoice_id)) THEN
      RAISE EXCEPTION 'lines cannot be added to a finalized invoice' USING ERRCODE = 'insufficient_privilege';
    END IF;
  ELSE
    IF EXISTS (SELECT 1 FROM old_lines l
               WHERE (SELECT i.status <> 'draft' FROM invoices i WHERE i.tenant_id = l.tenant_id AND i.id = l.invoice_id)) THEN
      RAISE EXCEPTION 'lines of a finalized invoice cannot be removed' USING ERRCODE = 'insufficient_privilege';
    END IF;
  END IF;
  RETURN NULL;
END
$fn$;
CREATE TRIGGER invoice_lines_guard_insert AFTER INSERT ON invoice_lines
  REFERENCING NEW TABLE AS new_lines FOR EACH STATEMENT EXECUTE FUNCTION lastmile_invoice_lines_guard();
CREATE TRIGGER invoice_lines_guard_delete AFTER DELETE ON invoice_lines
  REFERENCING OLD TABLE AS old_lines FOR EACH STATEMENT EXECUTE FUNCTION lastmile_invoice_lines_guard();

-- One-off charges and proration lines waiting for the customer's next invoice.
CREATE TABLE charges (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  customer_id uuid NOT NULL,
  service_id uuid,
  kind text NOT NULL CHECK (kind IN ('proration_credit', 'proration_charge', 'setup_fee', 'installation_fee',
    'equipment', 'late_fee', 'reconnection_fee', 'other')),
  description text NOT NULL CHECK (length(description) BETWEEN 1 AND 300),
  period_start date,
  period_end date,
  quantity integer NOT NULL DEFAULT 1 CHECK (quantity BETWEEN 1 AND 1000000),
  unit_price_minor bigint NOT NULL,
  tax_class text NOT NULL DEFAULT 'standard' CHECK (tax_class ~ '^[a-z][a-z0-9_]{0,39}$'),
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'invoiced', 'cancelled')),
  invoice_id uuid,
  CHECK ((status = 'invoiced') = (invoice_id IS NOT NULL)),
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by_label text NOT NULL DEFAULT '',
  settled_at timestamptz,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, customer_id) REFERENCES customers (tenant_id, id),
  FOREIGN KEY (tenant_id, service_id) REFERENCES services (tenant_id, id),
  FOREIGN KEY (tenant_id, invoice_id) REFERENCES invoices (tenant_id, id)
);
CREATE INDEX charges_pending ON charges (tenant_id, customer_id, created_at) WHERE status = 'pending';
SELECT lastmile_secure_tenant_table('charges');
GRANT SELECT, INSERT, UPDATE ON charges TO lastmile_app;

CREATE TABLE payments (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  customer_id uuid NOT NULL,
  -- The prepaid service this payment bought time for, if any.
  service_id uuid,
  amount_minor bigint NOT NULL CHECK (amount_minor > 0),
  currency char(3) NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  method text NOT NULL CHECK (method IN ('cash', 'bank_transfer', 'cheque', 'gcash', 'maya', 'mpesa', 'card', 'other')),
  -- Bank, cheque, GCash/Maya/M-Pesa transaction or card approval reference.
  reference text NOT NULL DEFAULT '' CHECK (length(reference) <= 100),
  received_on date NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now(),
  collected_by uuid,
  collected_by_label text NOT NULL DEFAULT '',
  notes text NOT NULL DEFAULT '' CHECK (length(notes) <= 1000),
  status text NOT NULL DEFAULT 'posted' CHECK (status IN ('posted', 'void')),
  voided_at timestamptz,
  void_reason text CHECK (length(void_reason) BETWEEN 1 AND 500),
  voided_by_label text,
  CHECK ((status = 'void') = (voided_at IS NOT NULL) AND (voided_at IS NULL) = (void_reason IS NULL)),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, customer_id) REFERENCES customers (tenant_id, id),
  FOREIGN KEY (tenant_id, service_id) REFERENCES services (tenant_id, id),
  FOREIGN KEY (tenant_id, collected_by) REFERENCES users (tenant_id, id)
);
CREATE INDEX payments_by_customer ON payments (tenant_id, customer_id, received_at);
CREATE INDEX payments_by_day ON payments (tenant_id, received_on, collected_by);
CREATE INDEX payments_reference ON payments USING gin (tenant_id, reference gin_trgm_ops) WHERE reference <> '';
SELECT lastmile_secure_tenant_table('payments');
GRANT SELECT, INSERT, UPDATE ON payments TO lastmile_app;

-- A posted payment's facts never change; voiding sets the void fields once.
CREATE FUNCTION lastmile_payment_freeze() RETURNS trigger
  LANGUAGE plpgsql AS $fn$
BEGIN
  IF OLD.status = 'void'
     OR (NEW.customer_id, NEW.service_id, NEW.amount_minor, NEW.currency, NEW.method, NEW.reference, NEW.received_on,
         NEW.received_at, NEW.collected_by, NEW.collected_by_label, NEW.notes)
        IS DISTINCT FROM
        (OLD.customer_id, OLD.service_id, OLD.amount_minor, OLD.currency, OLD.method, OLD.reference, OLD.received_on,
         OLD.received_at, OLD.collected_by, OLD.collected_by_label, OLD.notes) THEN
    RAISE EXCEPTION 'a payment cannot change; void it instead' USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END
$fn$;
CREATE TRIGGER payments_freeze BEFORE UPDATE ON payments FOR EACH ROW EXECUTE FUNCTION lastmile_payment_freeze();

CREATE TABLE receipts (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  payment_id uuid NOT NULL,
  number text NOT NULL CHECK (length(number) BETWEEN 1 AND 40),
  number_seq integer NOT NULL,
  kind text NOT NULL CHECK (kind IN ('official', 'acknowledgment')),
  customer_id uuid NOT NULL,
  amount_minor bigint NOT NULL CHECK (amount_minor > 0),
  currency char(3) NOT NULL,
  issued_at timestamptz NOT NULL DEFAULT now(),
  issued_on date NOT NULL,
  -- Everything printed on the receipt, as it was at issue: customer, method, reference,
  -- the invoices it paid. Stored, never recomputed.
  content jsonb NOT NULL,
  voided_at timestamptz,
  void_reason text CHECK (length(void_reason) BETWEEN 1 AND 500),
  voided_by_label text,
  CHECK ((voided_at IS NULL) = (void_reason IS NULL)),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, payment_id),
  UNIQUE (tenant_id, number),
  UNIQUE (tenant_id, number_seq),
  FOREIGN KEY (tenant_id, payment_id) REFERENCES payments (tenant_id, id),
  FOREIGN KEY (tenant_id, customer_id) REFERENCES customers (tenant_id, id)
);
CREATE INDEX receipts_recent ON receipts (tenant_id, issued_at DESC, id DESC);
SELECT lastmile_secure_tenant_table('receipts');
GRANT SELECT, INSERT, UPDATE ON receipts TO lastmile_app;

CREATE FUNCTION lastmile_receipt_freeze() RETURNS trigger
  LANGUAGE plpgsql AS $fn$
BEGIN
  IF OLD.voided_at IS NOT NULL
     OR (NEW.payment_id, NEW.number, NEW.number_seq, NEW.kind, NEW.customer_id, NEW.amount_minor, NEW.currency,
         NEW.issued_at, NEW.issued_on, NEW.content)
        IS DISTINCT FROM
        (OLD.payment_id, OLD.number, OLD.number_seq, OLD.kind, OLD.customer_id, OLD.amount_minor, OLD.currency,
         OLD.issued_at, OLD.issued_on, OLD.content) THEN
    RAISE EXCEPTION 'receipt % is issued and cannot change', OLD.number USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END
$fn$;
CREATE TRIGGER receipts_freeze BEFORE UPDATE ON receipts FOR EACH ROW EXECUTE FUNCTION lastmile_receipt_freeze();
CREATE TRIGGER receipts_no_delete BEFORE DELETE ON receipts FOR EACH ROW EXECUTE FUNCTION lastmile_forbid_change();

CREATE TABLE credit_notes (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  invoice_id uuid NOT NULL,
  customer_id uuid NOT NULL,
  number text NOT NULL CHECK (length(number) BETWEEN 1 AND 40),
  number_seq integer NOT NULL,
  kind text NOT NULL DEFAULT 'manual' CHECK (kind IN ('manual', 'cancellation')),
  currency char(3) NOT NULL,
  -- Tax is credited in the invoice's proportion (see credit-note-tax in the billing module).
  subtotal_minor bigint NOT NULL,
  tax_minor bigint NOT NULL,
  total_minor bigint NOT NULL CHECK (total_minor > 0),
  CHECK (total_minor = subtotal_minor + tax_minor),
  reason text NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
  issued_on date NOT NULL,
  issued_at timestamptz NOT NULL DEFAULT now(),
  issued_by_label text NOT NULL DEFAULT '',
  customer_snapshot jsonb NOT NULL,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, number),
  UNIQUE (tenant_id, number_seq),
  FOREIGN KEY (tenant_id, invoice_id) REFERENCES invoices (tenant_id, id),
  FOREIGN KEY (tenant_id, customer_id) REFERENCES customers (tenant_id, id)
);
CREATE INDEX credit_notes_by_invoice ON credit_notes (tenant_id, invoice_id);
CREATE INDEX credit_notes_by_customer ON credit_notes (tenant_id, customer_id, issued_at);
SELECT lastmile_secure_tenant_table('credit_notes');
CREATE TRIGGER credit_notes_append_only BEFORE UPDATE OR DELETE ON credit_notes
  FOR EACH ROW EXECUTE FUNCTION lastmile_forbid_change();
GRANT SELECT, INSERT ON credit_notes TO lastmile_app;

-- Credit applied to an invoice. Credit comes from a payment, a credit note, or an invoice
-- whose total is negative (a plan-change invoice whose credit for unused days is larger
-- than its charges). Append-only: undoing one (a voided receipt) adds a row with the
-- negative amount that points at the original.
CREATE TABLE allocations (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  invoice_id uuid NOT NULL,
  payment_id uuid,
  credit_note_id uuid,
  credit_invoice_id uuid,
  CHECK (num_nonnulls(payment_id, credit_note_id, credit_invoice_id) = 1),
  amount_minor bigint NOT NULL CHECK (amount_minor <> 0),
  reverses_id uuid,
  CHECK ((amount_minor < 0) = (reverses_id IS NOT NULL)),
  created_at timestamptz NOT NULL DEFAULT now(),
  actor_label text NOT NULL DEFAULT '',
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, invoice_id) REFERENCES invoices (tenant_id, id),
  FOREIGN KEY (tenant_id, payment_id) REFERENCES payments (tenant_id, id),
  FOREIGN KEY (tenant_id, credit_note_id) REFERENCES credit_notes (tenant_id, id),
  FOREIGN KEY (tenant_id, credit_invoice_id) REFERENCES invoices (tenant_id, id),
  FOREIGN KEY (tenant_id, reverses_id) REFERENCES allocations (tenant_id, id)
);
-- An allocation is reversed at most once.
CREATE UNIQUE INDEX allocations_reversed_once ON allocations (tenant_id, reverses_id) WHERE reverses_id IS NOT NULL;
CREATE INDEX allocations_by_invoice ON allocations (tenant_id, invoice_id);
CREATE INDEX allocations_by_payment ON allocations (tenant_id, payment_id) WHERE payment_id IS NOT NULL;
CREATE INDEX allocations_by_credit_note ON allocations (tenant_id, credit_note_id) WHERE credit_note_id IS NOT NULL;
CREATE INDEX allocations_by_credit_invoice ON allocations (tenant_id, credit_invoice_id) WHERE credit_invoice_id IS NOT NULL;
SELECT lastmile_secure_tenant_table('allocations');
CREATE TRIGGER allocations_append_only BEFORE UPDATE OR DELETE ON allocations
  FOR EACH ROW EXECUTE FUNCTION lastmile_forbid_change();
GRANT SELECT, INSERT ON allocations TO lastmile_app;

-- Money paid back to a customer out of one source of credit (the same three sources an
-- allocation draws from).
CREATE TABLE refunds (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  customer_id uuid NOT NULL,
  payment_id uuid,
  credit_note_id uuid,
  credit_invoice_id uuid,
  CHECK (num_nonnulls(payment_id, credit_note_id, credit_invoice_id) = 1),
  amount_minor bigint NOT NULL CHECK (amount_minor > 0),
  currency char(3) NOT NULL,
  method text NOT NULL CHECK (method IN ('cash', 'bank_transfer', 'cheque', 'gcash', 'maya', 'mpesa', 'card', 'other')),
  reference text NOT NULL DEFAULT '' CHECK (length(reference) <= 100),
  reason text NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
  refunded_on date NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  actor_label text NOT NULL DEFAULT '',
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, customer_id) REFERENCES customers (tenant_id, id),
  FOREIGN KEY (tenant_id, payment_id) REFERENCES payments (tenant_id, id),
  FOREIGN KEY (tenant_id, credit_note_id) REFERENCES credit_notes (tenant_id, id),
  FOREIGN KEY (tenant_id, credit_invoice_id) REFERENCES invoices (tenant_id, id)
);
CREATE INDEX refunds_by_customer ON refunds (tenant_id, customer_id, created_at);
SELECT lastmile_secure_tenant_table('refunds');
CREATE TRIGGER refunds_append_only BEFORE UPDATE OR DELETE ON refunds
  FOR EACH ROW EXECUTE FUNCTION lastmile_forbid_change();
GRANT SELECT, INSERT ON refunds TO lastmile_app;

-- A correction of a balance that no document explains (opening balance moved from another
-- system, a write-off agreed with the customer). Positive: the customer owes more.
CREATE TABLE balance_adjustments (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  customer_id uuid NOT NULL,
  amount_minor bigint NOT NULL CHECK (amount_minor <> 0),
  currency char(3) NOT NULL,
  reason text NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
  effective_on date NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  actor_label text NOT NULL DEFAULT '',
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, customer_id) REFERENCES customers (tenant_id, id)
);
SELECT lastmile_secure_tenant_table('balance_adjustments');
CREATE TRIGGER balance_adjustments_append_only BEFORE UPDATE OR DELETE ON balance_adjustments
  FOR EACH ROW EXECUTE FUNCTION lastmile_forbid_change();
GRANT SELECT, INSERT ON balance_adjustments TO lastmile_app;

-- The customer's account. Balance = sum(amount_minor); positive means the customer owes.
-- Invoices add, payments and credit notes subtract, refunds add back what was paid out,
-- voids add the opposite of what they void. Never updated, never deleted.
CREATE TABLE ledger_entries (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  customer_id uuid NOT NULL,
  entry_type text NOT NULL CHECK (entry_type IN ('invoice', 'invoice_void', 'payment', 'payment_void', 'credit_note',
    'refund', 'adjustment')),
  amount_minor bigint NOT NULL,
  currency char(3) NOT NULL,
  -- The calendar date the entry belongs to in statements (tenant time zone).
  effective_on date NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  description text NOT NULL DEFAULT '' CHECK (length(description) <= 300),
  invoice_id uuid,
  payment_id uuid,
  credit_note_id uuid,
  refund_id uuid,
  adjustment_id uuid,
  -- Each entry points at exactly the document its type names.
  CHECK (
    (entry_type IN ('invoice', 'invoice_void')) = (invoice_id IS NOT NULL)
    AND (entry_type IN ('payment', 'payment_void')) = (payment_id IS NOT NULL)
    AND (entry_type = 'credit_note') = (credit_note_id IS NOT NULL)
    AND (entry_type = 'refund') = (refund_id IS NOT NULL)
    AND (entry_type = 'adjustment') = (adjustment_id IS NOT NULL)),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, customer_id) REFERENCES customers (tenant_id, id),
  FOREIGN KEY (tenant_id, invoice_id) REFERENCES invoices (tenant_id, id),
  FOREIGN KEY (tenant_id, payment_id) REFERENCES payments (tenant_id, id),
  FOREIGN KEY (tenant_id, credit_note_id) REFERENCES credit_notes (tenant_id, id),
  FOREIGN KEY (tenant_id, refund_id) REFERENCES refunds (tenant_id, id),
  FOREIGN KEY (tenant_id, adjustment_id) REFERENCES balance_adjustments (tenant_id, id)
);
-- A document enters the ledger once per entry type (an invoice once, its void once).
CREATE UNIQUE INDEX ledger_entries_once_per_invoice ON ledger_entries (tenant_id, invoice_id, entry_type) WHERE invoice_id IS NOT NULL;
CREATE UNIQUE INDEX ledger_entries_once_per_payment ON ledger_entries (tenant_id, payment_id, entry_type) WHERE payment_id IS NOT NULL;
CREATE INDEX ledger_entries_by_customer ON ledger_entries (tenant_id, customer_id, effective_on, created_at);
SELECT lastmile_secure_tenant_table('ledger_entries');
CREATE TRIGGER ledger_entries_append_only BEFORE UPDATE OR DELETE ON ledger_entries
  FOR EACH ROW EXECUTE FUNCTION lastmile_forbid_change();
GRANT SELECT, INSERT ON ledger_entries TO lastmile_app;

-- Every POST that moves money may carry an Idempotency-Key. The key is claimed in the same
-- transaction as the money it moves: a retry finds the stored response, a concurrent retry
-- waits on the unique index until the first commits, and a rollback frees the key.
CREATE TABLE idempotency_keys (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  key text NOT NULL CHECK (length(key) BETWEEN 1 AND 255),
  -- SHA-256 of the operation name and the request body: a reuse with other content is refused.
  request_hash text NOT NULL,
  operation text NOT NULL,
  response_status smallint NOT NULL,
  response_body jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, key)
);
CREATE INDEX idempotency_keys_age ON idempotency_keys (tenant_id, created_at);
SELECT lastmile_secure_tenant_table('idempotency_keys');
GRANT SELECT, INSERT, DELETE ON idempotency_keys TO lastmile_app;

-- migrate:down
DROP TABLE idempotency_keys;
DROP TABLE ledger_entries;
DROP TABLE balance_adjustments;
DROP TABLE refunds;
DROP TABLE allocations;
DROP TABLE credit_notes;
DROP TABLE receipts;
DROP TABLE payments;
DROP TABLE charges;
DROP TABLE invoice_lines;
DROP TABLE invoices;
DROP TABLE billing_runs;
DROP TABLE scheduled_plan_changes;
DROP TABLE tax_rates;
DROP FUNCTION lastmile_invoice_freeze();
DROP FUNCTION lastmile_invoice_lines_guard();
DROP FUNCTION lastmile_payment_freeze();
DROP FUNCTION lastmile_receipt_freeze();
DROP INDEX services_postpaid_due;
DROP INDEX services_prepaid_until;
ALTER TABLE services DROP COLUMN billed_until, DROP COLUMN anchor_day;
ALTER TABLE tenant_settings DROP COLUMN billing_day_policy, DROP COLUMN billing_day, DROP COLUMN payment_terms_days,
  DROP COLUMN invoice_prefix, DROP COLUMN receipt_prefix, DROP COLUMN credit_note_prefix,
  DROP COLUMN document_number_digits, DROP COLUMN receipt_kind, DROP COLUMN plan_change_billing,
  DROP COLUMN cancellation_credit, DROP COLUMN billing_run_hour;
