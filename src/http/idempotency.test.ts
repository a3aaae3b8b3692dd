import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { createTestApp, signUpTenant, type StaffSession, type TestApp } from '../../test/helpers/app.ts';
import { withTenant } from '../db/tenancy.ts';
import { AppError } from '../lib/errors.ts';
import { recordAuditEvent } from '../modules/audit/record-audit-event.ts';
import type { TenantContext } from '../modules/context.ts';
import { canonicalJson, checkIdempotencyKey, runOnce, type IdempotentRequest, type StoredResponse } from './idempotency.ts';

describe('idempotency keys', () => {
  let t: TestApp;
  let a: StaffSession;
  let b: StaffSession;

  before(async () => {
    t = await createTestApp();
    a = await signUpTenant(t, { companyName: 'Idem A' });
    b = await signUpTenant(t, { companyName: 'Idem B' });
  });
  after(async () => {
    await t.close();
  });

  /** Runs one "operation" that writes an audit event tagged with `tag`, like a use case moving money. */
  function attempt(staff: StaffSession, request: IdempotentRequest, tag: string, fail = false): Promise<StoredResponse> {
    return withTenant(t.app.db, staff.tenantId, (trx) => {
      const ctx: TenantContext = {
        tenantId: staff.tenantId,
        trx,
        now: t.clock.now,
        actor: { type: 'user', id: staff.userId, label: 'Cashier', isOwner: true, permissions: new Set() },
      };
      return runOnce(ctx, request, 201, async () => {
        await recordAuditEvent(ctx, { action: 'test.moved_money', entityType: 'test', entityId: null, after: { tag } });
        if (fail) throw new AppError(409, 'test_failure', 'failed after writing');
        return { tag, amountMinor: 1500, lines: [{ b: 2, a: 1 }] };
      });
    });
  }

  async function runs(staff: StaffSession, tag: string): Promise<number> {
    const rows = await withTenant(t.app.db, staff.tenantId, (trx) =>
      trx.selectFrom('audit_events').select('after').where('tenant_id', '=', staff.tenantId).where('action', '=', 'test.moved_money').execute(),
    );
    return rows.filter((r) => (r.after as { tag?: string } | null)?.tag === tag).length;
  }

  async function storedKeys(staff: StaffSession, key: string): Promise<number> {
    const rows = await withTenant(t.app.db, staff.tenantId, (trx) => trx.selectFrom('idempotency_keys').select('id').where('tenant_id', '=', staff.tenantId).where('key', '=', key).execute());
    return rows.length;
  }

  it('runs every time without a key', async () => {
    const request = { key: undefined, operation: 'test.op', body: { amount: '15.00' } };
    await attempt(a, request, 'no-key');
    await attempt(a, request, 'no-key');
    assert.equal(await runs(a, 'no-key'), 2);
  });

  it('returns the first response to a retry with the same key and content, without running again', async () => {
    const key = randomUUID();
    const first = await attempt(a, { key, operation: 'test.op', body: { amount: '15.00', method: 'cash' } }, 'retry');
    // Same content with keys in another order is the same request.
    const again = await attempt(a, { key, operation: 'test.op', body: { method: 'cash', amount: '15.00' } }, 'retry-second');
    assert.equal(first.replayed, false);
    assert.equal(again.replayed, true);
    assert.equal(again.status, 201);
    assert.deepEqual(again.body, first.body);
    assert.equal(await runs(a, 'retry'), 1);
    assert.equal(await runs(a, 'retry-second'), 0);
  });

  it('refuses the same key with other content or on another operation (422 idempotency_key_reused)', async () => {
    const key = randomUUID();
    await attempt(a, { key, operation: 'test.op', body: { amount: '15.00' } }, 'reuse');
    for (const request of [
      { key, operation: 'test.op', body: { amount: '16.00' } },
      { key, operation: 'test.other', body: { amount: '15.00' } },
    ]) {
      await assert.rejects(attempt(a, request, 'reuse-other'), (err: unknown) => {
        assert.ok(err instanceof AppError);
        assert.equal(err.status, 422);
        assert.equal(err.code, 'idempotency_key_reused');
        assert.equal(err.fields[0]?.field, 'Idempotency-Key');
        return true;
      });
    }
    assert.equal(await runs(a, 'reuse-other'), 0);
  });

  it('leaves no key behind when the operation fails, so a retry runs', async () => {
    const key = randomUUID();
    const request = { key, operation: 'test.op', body: { amount: '1.00' } };
    await assert.rejects(attempt(a, request, 'failing', true), /failed after writing/);
    assert.equal(await storedKeys(a, key), 0);
    assert.equal(await runs(a, 'failing'), 0);
    const retry = await attempt(a, request, 'failing');
    assert.equal(retry.replayed, false);
    assert.equal(await runs(a, 'failing'), 1);
  });

  it('runs concurrent duplicates once and gives both the same response', async () => {
    const key = randomUUID();
    const request = { key, operation: 'test.op', body: { amount: '9.99' } };
    const results = await Promise.all([attempt(a, request, 'concurrent'), attempt(a, request, 'concurrent'), attempt(a, request, 'concurrent')]);
    assert.equal(await runs(a, 'concurrent'), 1);
    assert.equal(results.filter((r) => !r.replayed).length, 1);
    for (const r of results) assert.deepEqual(r.body, results[0]?.body);
    assert.equal(await storedKeys(a, key), 1);
  });

  it('keeps each company’s keys apart', async () => {
    const key = randomUUID();
    await attempt(a, { key, operation: 'test.op', body: { amount: '1.00' } }, 'tenant-a');
    const other = await attempt(b, { key, operation: 'test.op', body: { amount: '2.00' } }, 'tenant-b');
    assert.equal(other.replayed, false);
    assert.equal(await runs(b, 'tenant-b'), 1);
  });

  it('checks the header: 1-255 printable characters, one header', () => {
    assert.equal(checkIdempotencyKey(undefined), undefined);
    assert.equal(checkIdempotencyKey('order-42 retry'), 'order-42 retry');
    assert.equal(checkIdempotencyKey('x'.repeat(255))?.length, 255);
    for (const bad of ['', '   ', 'x'.repeat(256), 'tab\there', 'ünïcode', ['a', 'b']]) {
      assert.throws(
        () => checkIdempotencyKey(bad),
        (err: unknown) => err instanceof AppError && err.status === 400 && err.code === 'invalid_idempotency_key' && err.fields[0]?.field === 'Idempotency-Key',
      );
    }
  });

  it('hashes content, not key order', () => {
    assert.equal(canonicalJson({ b: 1, a: [{ d: null, c: 'x' }] }), canonicalJson({ a: [{ c: 'x', d: null }], b: 1 }));
    assert.notEqual(canonicalJson({ a: '1' }), canonicalJson({ a: 1 }));
    assert.equal(canonicalJson({ a: undefined, b: 2 }), '{"b":2}');
  });
});
