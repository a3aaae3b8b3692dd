/**
 * Ledger invariants under random sequences of money operations on one customer (issue 4
 * "Ledger"), through the committed use cases: invoices (drafts finalized, taxed lines,
 * negative lines), the billing run invoicing the customer's postpaid service (and spending
 * their credit) some days or weeks later, payments allocated oldest-first, credit notes up to what remains (and
 * past it, which must be refused), refunds out of one credit source, voided invoices and
 * receipts, uncollectible invoices, balance adjustments. After every step:
 *
 *  - the balance is the sum of the ledger, and each entry type sums exactly to the
 *    documents it stands for (one entry per document);
 *  - the balance reconciles: what is still due on unpaid invoices, less unspent credit,
 *    plus adjustments;
 *  - allocations never exceed either side, a reversal mirrors exactly one allocation;
 *  - every invoice totals its lines, and its status follows from what is allocated to it;
 *  - ledger entries and allocations already written are unchanged (only new rows appear),
 *    and document numbers stay gapless even when an operation was refused and rolled back.
 * Finally UPDATE and DELETE on ledger_entries and allocations fail for the app role.
 *
 * fast-check runs modestly (each run is a fresh customer and does real database work).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { sql } from 'kysely';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { makeCustomer, makePlan, makeService } from '../helpers/factories.ts';
import { AppError } from '../../src/lib/errors.ts';
import { minorToMajorText } from '../../src/lib/money.ts';
import { calendarDateIn } from '../../src/lib/zoned-time.ts';
import { runBilling } from '../../src/modules/billing-runs/run-billing.ts';
import { listCreditSources } from '../../src/modules/billing/account-repository.ts';
import { paidStatus } from '../../src/modules/billing/allocate.ts';
import { loadBillingSettings } from '../../src/modules/billing/billing-settings.ts';
import { customerBalance } from '../../src/modules/billing/ledger-repository.ts';
import { loadTaxRules, taxRuleFor } from '../../src/modules/billing/tax-rules.ts';
import { issueCreditNote } from '../../src/modules/credit-notes/issue-credit-note.ts';
import { finalizeDraft } from '../../src/modules/invoices/finalize-draft.ts';
import { insertDraftInvoice } from '../../src/modules/invoices/invoices-repository.ts';
import { markInvoiceUncollectible } from '../../src/modules/invoices/mark-invoice-uncollectible.ts';
import { priceLine } from '../../src/modules/invoices/price-line.ts';
import { voidInvoice } from '../../src/modules/invoices/void-invoice.ts';
import { adjustBalance } from '../../src/modules/ledger/adjust-balance.ts';
import { refundCredit } from '../../src/modules/ledger/refund-credit.ts';
import { recordPayment } from '../../src/modules/payments/record-payment.ts';
import { voidReceipt } from '../../src/modules/payments/void-receipt.ts';
import { asClerk, billingCompany, clerk, inCompany, readAccount, type AccountRows, type Company } from './scenario-kit.ts';

const NUM_RUNS = Number(process.env.LEDGER_PROPERTY_RUNS ?? 20);
const DAY_MS = 86_400_000;

type Op =
  | { kind: 'invoice'; lines: { amount: number; quantity: number; tax: 'none' | 'vat_in' | 'vat_ex' }[] }
  | { kind: 'bill'; days: number }
  | { kind: 'payment'; amount: number }
  | { kind: 'credit_note'; pick: number; percent: number }
  | { kind: 'refund'; pick: number; percent: number }
  | { kind: 'void_invoice'; pick: number }
  | { kind: 'void_receipt'; pick: number }
  | { kind: 'uncollectible'; pick: number }
  | { kind: 'adjustment'; amount: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('invoice' as const),
      lines: fc.array(
        fc.record({
          // Mostly charges, sometimes a credit line: some invoices come out negative.
          amount: fc.oneof({ weight: 4, arbitrary: fc.integer({ min: 1, max: 300000 }) }, { weight: 1, arbitrary: fc.integer({ min: -200000, max: -1 }) }),
          quantity: fc.integer({ min: 1, max: 3 }),
          tax: fc.constantFrom('none' as const, 'vat_in' as const, 'vat_ex' as const),
        }),
        { minLength: 1, maxLength: 3 },
      ),
    }),
  },
  // The nightly run, 1 to 40 days on: the customer's service is billed when a period starts.
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('bill' as const), days: fc.integer({ min: 1, max: 40 }) }) },
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('payment' as const), amount: fc.integer({ min: 1, max: 500000 }) }) },
  // Up to 120% of what remains creditable: above 100 must be refused.
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('credit_note' as const), pick: fc.nat(), percent: fc.integer({ min: 1, max: 120 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('refund' as const), pick: fc.nat(), percent: fc.integer({ min: 1, max: 100 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('void_invoice' as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('void_receipt' as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('uncollectible' as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('adjustment' as const), amount: fc.integer({ min: -100000, max: 100000 }).filter((a) => a !== 0) }) },
);

const text = (minor: number) => minorToMajorText(minor, 'PHP');

describe('ledger properties', () => {
  let t: TestApp;
  let company: Company;
  let planId: string;
  before(async () => {
    t = await createTestApp();
    company = await billingCompany(t, { currency: 'PHP' }, [
      { taxClass: 'vat_in', name: 'VAT', ratePpm: 120000, inclusive: true },
      { taxClass: 'vat_ex', name: 'VAT', ratePpm: 160000, inclusive: false },
    ]);
    planId = (await makePlan(t, company.owner, { name: 'Fiber 35', price_minor: 129900, tax_class: 'vat_in' })).id;
  });
  after(() => t.close());

  /** Runs one operation; a refusal (AppError) rolls its transaction back and is returned, anything else fails the test. */
  async function apply(customerId: string, op: Op, before: AccountRows): Promise<AppError | null> {
    const pick = <T>(list: readonly T[], i: number): T | undefined => (list.length === 0 ? undefined : list[i % list.length]);
    if (op.kind === 'bill') {
      t.clock.advance(op.days * DAY_MS);
      const summary = await runBilling({ db: t.app.db, now: t.clock.now }, company.tenantId, clerk, { trigger: 'cli' });
      assert.deepEqual([summary.status, summary.errors], ['completed', []]);
      return null;
    }
    try {
      await asClerk(t, company, async (ctx) => {
        switch (op.kind) {
          case 'invoice': {
            const settings = await loadBillingSettings(ctx.trx, ctx.tenantId);
            const rules = await loadTaxRules(ctx.trx, ctx.tenantId);
            const lines = op.lines.map((l, i) =>
              priceLine({ kind: l.amount < 0 ? 'other' : 'installation_fee', description: `Line ${i + 1}`, quantity: l.quantity, unitPriceMinor: l.amount, tax: taxRuleFor(rules, l.tax === 'none' ? null : l.tax) }),
            );
            const id = await insertDraftInvoice(
              ctx.trx,
              ctx.tenantId,
              { customerId, kind: 'one_off', serviceId: null, currency: settings.currency, periodStart: null, periodEnd: null, memo: '', createdByLabel: ctx.actor.label },
              lines,
            );
            await finalizeDraft(ctx, id, settings);
            return;
          }
          case 'payment':
            await recordPayment(ctx, { customerId, amount: text(op.amount), method: 'cash' });
            return;
          case 'credit_note': {
            const invoice = pick(before.invoices, op.pick);
            if (!invoice) return;
            const remaining = invoice.total - before.creditNotes.filter((c) => c.invoiceId === invoice.id).reduce((s, c) => s + c.total, 0);
            const amount = Math.max(1, Math.ceil((remaining * op.percent) / 100));
            const creditable = ['open', 'partially_paid', 'paid'].includes(invoice.status) && invoice.total > 0;
            const what = `credit note of ${amount} on ${invoice.number} (${remaining} left, ${invoice.status})`;
            const result = issueCreditNote(ctx, { invoiceId: invoice.id, amount: text(amount), reason: 'goodwill' });
            if (!creditable || amount > remaining) {
              await assert.rejects(result, AppError, `${what} must be refused`);
              throw new AppError(409, 'refused_as_expected', what);
            }
            await result.catch((err: unknown) => assert.fail(`${what} was refused: ${String(err)}`));
            return;
          }
          case 'refund': {
            const source = pick(await listCreditSources(ctx.trx, ctx.tenantId, customerId), op.pick);
            if (!source) return;
            const amount = Math.max(1, Math.floor((source.remainingMinor * op.percent) / 100));
            await refundCredit(ctx, { customerId, sourceId: source.id, amount: text(amount), method: 'cash', reason: 'customer asked' });
            return;
          }
          case 'void_invoice': {
            const invoice = pick(before.invoices, op.pick);
            if (invoice) await voidInvoice(ctx, { invoiceId: invoice.id, reason: 'typed wrong' });
            return;
          }
          case 'void_receipt': {
            const receipt = pick(before.receipts, op.pick);
            if (receipt) await voidReceipt(ctx, { receiptId: receipt.id, reason: 'cheque bounced' });
            return;
          }
          case 'uncollectible': {
            const invoice = pick(before.invoices, op.pick);
            if (invoice) await markInvoiceUncollectible(ctx, { invoiceId: invoice.id, reason: 'moved away' });
            return;
          }
          case 'adjustment':
            await adjustBalance(ctx, { customerId, amount: text(op.amount), reason: 'opening balance' });
            return;
        }
      });
      return null;
    } catch (err) {
      if (err instanceof AppError) return err;
      throw err;
    }
  }

  /** Every invariant of the account after a step; `previous` is the account before it. */
  function checkAccount(now: AccountRows, previous: AccountRows, step: string): void {
    const sum = (xs: readonly number[]) => xs.reduce((s, x) => s + x, 0);
    const byType = (type: string) => sum(now.ledger.filter((e) => e.type === type).map((e) => e.amount));
    const countType = (type: string) => now.ledger.filter((e) => e.type === type).length;

    // Balance = the sum of entries = the signed sum of the documents, type by type.
    assert.equal(now.balance, sum(now.ledger.map((e) => e.amount)), `${step}: balance is the sum of entries`);
    const voidInvoices = now.invoices.filter((i) => i.status === 'void');
    const voidPayments = now.payments.filter((p) => p.status === 'void');
    assert.equal(byType('invoice'), sum(now.invoices.map((i) => i.total)), `${step}: invoice entries`);
    assert.equal(countType('invoice'), now.invoices.length, `${step}: one entry per invoice`);
    assert.equal(byType('invoice_void'), 0 - sum(voidInvoices.map((i) => i.total)), `${step}: invoice_void entries`);
    assert.equal(countType('invoice_void'), voidInvoices.length, `${step}: one entry per void`);
    assert.equal(byType('payment'), 0 - sum(now.payments.map((p) => p.amount)), `${step}: payment entries`);
    assert.equal(countType('payment'), now.payments.length, `${step}: one entry per payment`);
    assert.equal(byType('payment_void'), sum(voidPayments.map((p) => p.amount)), `${step}: payment_void entries`);
    assert.equal(byType('credit_note'), 0 - sum(now.creditNotes.map((c) => c.total)), `${step}: credit note entries`);
    assert.equal(byType('refund'), sum(now.refunds.map((r) => r.amount)), `${step}: refund entries`);
    assert.equal(byType('adjustment'), sum(now.adjustments), `${step}: adjustment entries`);

    // Allocations: per invoice within [0, total], per source within what it holds.
    const allocatedTo = (invoiceId: string) => sum(now.allocations.filter((a) => a.invoiceId === invoiceId).map((a) => a.amount));
    const allocatedFrom = (sourceId: string) => sum(now.allocations.filter((a) => a.sourceId === sourceId).map((a) => a.amount));
    const refundedFrom = (sourceId: string) => sum(now.refunds.filter((r) => r.sourceId === sourceId).map((r) => r.amount));
    let stillDue = 0;
    for (const i of now.invoices) {
      const allocated = allocatedTo(i.id);
      assert.ok(allocated >= 0 && allocated <= Math.max(0, i.total), `${step}: ${i.number} allocated ${allocated} of ${i.total}`);
      assert.equal(i.total, i.lineTotal, `${step}: ${i.number} total is the sum of its lines`);
      assert.equal(i.subtotal, i.lineNet, `${step}: ${i.number} subtotal is the sum of nets`);
      assert.equal(i.tax, i.lineTax, `${step}: ${i.number} tax is the sum of line taxes`);
      if (i.status === 'void') assert.equal(allocated, 0, `${step}: void ${i.number} keeps no allocation`);
      else if (i.total <= 0) assert.equal(i.status, 'paid', `${step}: ${i.number} of ${i.total} is settled at issue`);
      else if (i.status !== 'uncollectible') assert.equal(i.status, paidStatus(i.total, allocated), `${step}: ${i.number} status`);
      if (i.status !== 'void' && i.total > 0) stillDue += i.total - allocated;
    }
    const sources = [
      ...now.payments.map((p) => ({ id: p.id, holds: p.status === 'posted' ? p.amount : 0 })),
      ...now.creditNotes.map((c) => ({ id: c.id, holds: c.total })),
      ...now.invoices.filter((i) => i.total < 0).map((i) => ({ id: i.id, holds: i.status === 'void' ? 0 : -i.total })),
    ];
    let credit = 0;
    for (const s of sources) {
      const used = allocatedFrom(s.id) + refundedFrom(s.id);
      assert.ok(allocatedFrom(s.id) >= 0 && used <= s.holds, `${step}: source ${s.id} gave ${used} of ${s.holds}`);
      credit += s.holds - used;
    }
    // Reversals mirror one allocation each.
    for (const r of now.allocations.filter((a) => a.reversesId !== null)) {
      const original = now.allocations.find((a) => a.id === r.reversesId);
      assert.ok(original && original.amount === -r.amount && original.invoiceId === r.invoiceId && original.sourceId === r.sourceId, `${step}: reversal ${r.id}`);
    }
    // The balance reconciles with the documents: owed on invoices, less credit, plus adjustments.
    assert.equal(now.balance, stillDue - credit + sum(now.adjustments), `${step}: balance = still due - credit + adjustments`);

    // Append-only: what was there is still there, unchanged.
    const ledgerNow = new Map(now.ledger.map((e) => [e.id, e]));
    for (const e of previous.ledger) assert.deepEqual(ledgerNow.get(e.id), e, `${step}: ledger entry ${e.id} unchanged`);
    const allocationsNow = new Map(now.allocations.map((a) => [a.id, a]));
    for (const a of previous.allocations) assert.deepEqual(allocationsNow.get(a.id), a, `${step}: allocation ${a.id} unchanged`);
    assert.ok(now.ledger.length >= previous.ledger.length && now.allocations.length >= previous.allocations.length, `${step}: rows only grow`);

    // Gapless numbers across the company, refused operations included.
    for (const [kind, seqs] of Object.entries(now.companySeqs)) assert.deepEqual(seqs, seqs.map((_, k) => k + 1), `${step}: ${kind} numbers 1..${seqs.length}`);
  }

  it('balance, allocations, totals and history hold after every step of random money operations', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 1, maxLength: 8 }), async (ops) => {
        const customer = await makeCustomer(t, company.owner);
        const today = calendarDateIn(t.clock.now(), company.timeZone);
        const service = await makeService(t, company.owner, { customerId: customer.id, planId, start_on: today });
        let previous = await readAccount(t, company, customer.id);
        for (const [n, op] of ops.entries()) {
          t.clock.advance(DAY_MS);
          const refused = await apply(customer.id, op, previous);
          const now = await readAccount(t, company, customer.id);
          const step = `step ${n + 1} ${JSON.stringify(op)}${refused ? ` (refused: ${refused.code})` : ''}`;
          checkAccount(now, previous, step);
          if (refused) {
            // A refusal writes nothing.
            assert.equal(now.ledger.length, previous.ledger.length, `${step}: refused, no entry`);
            assert.equal(now.allocations.length, previous.allocations.length, `${step}: refused, no allocation`);
          }
          previous = now;
        }
        // Later runs bill later customers only.
        await inCompany(t, company, (trx) => trx.updateTable('services').set({ status: 'suspended' }).where('tenant_id', '=', company.tenantId).where('id', '=', service.id).execute());
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('UPDATE and DELETE on ledger entries and allocations fail for the app role', async () => {
    const counts = () =>
      inCompany(t, company, async (trx) => {
        const r = await sql<{ ledger: number; allocations: number; recurring: number; balance: string }>`
          select (select count(*)::int from ledger_entries where tenant_id = ${company.tenantId}) as ledger,
                 (select count(*)::int from invoices where tenant_id = ${company.tenantId} and kind = 'recurring') as recurring,
                 (select count(*)::int from allocations where tenant_id = ${company.tenantId}) as allocations,
                 (select coalesce(sum(amount_minor), 0)::text from ledger_entries where tenant_id = ${company.tenantId}) as balance`.execute(trx);
        return r.rows[0];
      });
    const before = await counts();
    assert.ok(before && before.ledger > 0 && before.allocations > 0, 'the property run left entries and allocations to tamper with');
    assert.ok(before.recurring > 0, 'the property run billed services');
    const attempts = [
      sql`update ledger_entries set amount_minor = amount_minor + 1 where tenant_id = ${company.tenantId}`,
      sql`delete from ledger_entries where tenant_id = ${company.tenantId}`,
      sql`update allocations set amount_minor = amount_minor + 1 where tenant_id = ${company.tenantId} and reverses_id is null`,
      sql`delete from allocations where tenant_id = ${company.tenantId}`,
    ];
    for (const attempt of attempts) {
      await assert.rejects(inCompany(t, company, (trx) => attempt.execute(trx)), (err: Error) => /cannot|permission|forbid|append/i.test(err.message), attempt.compile(t.app.db.kysely).sql);
    }
    assert.deepEqual(await counts(), before);
    // The balance the use cases read is still the plain sum.
    const customers = await inCompany(t, company, (trx) => trx.selectFrom('customers').select('id').where('tenant_id', '=', company.tenantId).execute());
    let total = 0;
    for (const c of customers) total += await inCompany(t, company, (trx) => customerBalance(trx, company.tenantId, c.id));
    assert.equal(String(total), before?.balance);
  });
});
