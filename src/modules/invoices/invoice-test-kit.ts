/**
 * What the invoice, credit-note and ledger tests share: JSON calls as a staff member, a tax
 * rate, a payment recorded the way the spine records one (the payments module has its own
 * tests), and the ledger read back through SQL. Imported by tests only.
 */
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import type { LightMyRequestResponse } from 'fastify';
import { asStaff, type StaffSession, type TestApp } from '../../../test/helpers/app.ts';
import { withTenant } from '../../db/tenancy.ts';
import { applyCredit } from '../billing/allocate.ts';
import { appendLedgerEntry } from '../billing/ledger-repository.ts';

export interface Problem {
  code: string;
  detail: string;
  errors?: { field: string; rule: string; message: string }[];
}

export function caller(t: TestApp, who: StaffSession) {
  const call = (method: 'GET' | 'POST' | 'DELETE', url: string, payload?: object, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> =>
    asStaff(t, who, { method, url, headers, ...(payload ? { payload } : {}) });
  return {
    call,
    /** A call that must answer `status`; returns the JSON. */
    async expect<T>(status: number, method: 'GET' | 'POST' | 'DELETE', url: string, payload?: object, headers?: Record<string, string>): Promise<T> {
      const res = await call(method, url, payload, headers);
      assert.equal(res.statusCode, status, `${method} ${url}: ${res.body}`);
      return res.json<T>();
    },
  };
}

/** The fields a 422 names, in order. */
export function problemFields(res: LightMyRequestResponse): string[] {
  return (res.json<Problem>().errors ?? []).map((e) => e.field);
}

export async function addTaxRate(t: TestApp, owner: StaffSession, taxClass: string, ratePpm: number, inclusive: boolean): Promise<void> {
  await withTenant(t.app.db, owner.tenantId, (trx) =>
    trx.insertInto('tax_rates').values({ tenant_id: owner.tenantId, tax_class: taxClass, name: `VAT ${ratePpm / 10_000}%`, rate_ppm: ratePpm, inclusive }).execute(),
  );
}

/** A posted cash payment, in the ledger and spent oldest-first, as record-payment does it. */
export async function payCash(t: TestApp, owner: StaffSession, customerId: string, amountMinor: number): Promise<string> {
  return withTenant(t.app.db, owner.tenantId, async (trx) => {
    const payment = await trx
      .insertInto('payments')
      .values({ tenant_id: owner.tenantId, customer_id: customerId, service_id: null, amount_minor: amountMinor, currency: 'PHP', method: 'cash', received_on: '2026-11-27', collected_by: null })
      .returning('id')
      .executeTakeFirstOrThrow();
    await appendLedgerEntry(trx, owner.tenantId, { customerId, entryType: 'payment', amountMinor: -amountMinor, currency: 'PHP', effectiveOn: '2026-11-27', description: 'Cash', paymentId: payment.id });
    await applyCredit(trx, owner.tenantId, customerId, { actorLabel: 'test', onlySources: [payment.id] });
    return payment.id;
  });
}

/** Sum of the customer's ledger entries, straight from the table. */
export async function ledgerSum(t: TestApp, owner: StaffSession, customerId: string): Promise<number> {
  return withTenant(t.app.db, owner.tenantId, async (trx) => {
    const r = await sql<{ s: string }>`select coalesce(sum(amount_minor), 0)::text as s from ledger_entries where tenant_id = ${owner.tenantId} and customer_id = ${customerId}`.execute(trx);
    return Number(r.rows[0]?.s ?? 0);
  });
}

/** Row counts of the billing tables of a tenant (to prove a refused request wrote nothing). */
export async function billingCounts(t: TestApp, owner: StaffSession): Promise<Record<string, number>> {
  return withTenant(t.app.db, owner.tenantId, async (trx) => {
    const out: Record<string, number> = {};
    for (const table of ['invoices', 'invoice_lines', 'charges', 'credit_notes', 'allocations', 'refunds', 'balance_adjustments', 'ledger_entries', 'audit_events']) {
      const r = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)} where tenant_id = ${owner.tenantId}`.execute(trx);
      out[table] = Number(r.rows[0]?.n ?? 0);
    }
    return out;
  });
}
