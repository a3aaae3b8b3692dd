import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { addStaff, asStaff, createTestApp, signUpTenant, type StaffSession, type TestApp } from '../../../test/helpers/app.ts';
import { withTenant } from '../../db/tenancy.ts';
import type { Permission } from '../roles/permissions.ts';
import type { TenantContext } from '../context.ts';
import { recordCustomerStatusChange } from './record-customer-status-change.ts';

type Json = Record<string, unknown>;

async function post(t: TestApp, who: StaffSession, url: string, payload: object) {
  return asStaff(t, who, { method: 'POST', url, payload });
}

async function create(t: TestApp, who: StaffSession, payload: Json): Promise<Json> {
  const res = await post(t, who, '/api/v1/customers', payload);
  assert.equal(res.statusCode, 201, res.body);
  return res.json() as Json;
}

async function count(t: TestApp, tenantId: string, table: 'customers' | 'customer_status_changes' | 'audit_events'): Promise<number> {
  return withTenant(t.app.db, tenantId, async (trx) => {
    const row = await trx.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).where('tenant_id', '=', tenantId).executeTakeFirstOrThrow();
    return Number(row.n);
  });
}

async function counterValue(t: TestApp, tenantId: string): Promise<number> {
  return withTenant(t.app.db, tenantId, async (trx) => {
    const row = await trx.selectFrom('tenant_counters').select('last_value').where('tenant_id', '=', tenantId).where('name', '=', 'customer_account').executeTakeFirst();
    return Number(row?.last_value ?? 0);
  });
}

/** A use-case context for code that is called without a request (jobs, other modules). */
function contextFor(t: TestApp, who: StaffSession, permissions: Permission[], trx: TenantContext['trx']): TenantContext {
  return { tenantId: who.tenantId, actor: { type: 'user', id: who.userId, label: 'Test', isOwner: false, permissions: new Set(permissions) }, trx, now: t.clock.now };
}

describe('customers: creating, editing and status', () => {
  let t: TestApp;
  let a: StaffSession;
  let b: StaffSession;
  before(async () => {
    t = await createTestApp({ poolMax: 10 });
    a = await signUpTenant(t, { companyName: 'Alpha Fiber' });
    b = await signUpTenant(t, { companyName: 'Beta Fiber' });
  });
  after(async () => {
    await t.close();
  });

  it('creates a lead with a trimmed, normalised record, a first history row and an audit entry', async () => {
    const c = await create(t, a, {
      firstName: '  Maria ',
      lastName: 'Santos',
      email: ' Maria.Santos@Example.PH ',
      phone: ' +63 (917) 123-4567 ',
      tags: [' VIP', 'tower b', 'vip', ''],
      latitude: '14.5995',
      longitude: 120.9842,
      locationAccuracy: 'exact',
    });
    assert.match(String(c.accountNumber), /^ACC-\d{6}$/);
    assert.equal(c.displayName, 'Maria Santos');
    assert.equal(c.email, 'maria.santos@example.ph');
    assert.equal(c.phone, '+63 (917) 123-4567');
    assert.deepEqual(c.tags, ['vip', 'tower b']);
    assert.equal(c.latitude, 14.5995);
    assert.equal(c.status, 'lead');
    const history = (await asStaff(t, a, { method: 'GET', url: `/api/v1/customers/${String(c.id)}/status-history` })).json();
    assert.equal(history.items.length, 1);
    assert.equal(history.items[0].fromStatus, null);
    assert.equal(history.items[0].toStatus, 'lead');
    assert.equal(history.items[0].effectiveOn, '2026-11-27');
    const audit = await withTenant(t.app.db, a.tenantId, (trx) =>
      trx.selectFrom('audit_events').select(['action', 'after']).where('tenant_id', '=', a.tenantId).where('entity_id', '=', String(c.id)).execute(),
    );
    assert.deepEqual(
      audit.map((e) => e.action),
      ['customer.created'],
    );
    assert.equal((audit[0]?.after as Json).email, 'maria.santos@example.ph');
  });

  it('refuses wrong input with every field named, and writes nothing, not even an account number', async () => {
    await create(t, a, { firstName: 'Counter', lastName: 'Probe' });
    const counterBefore = await counterValue(t, a.tenantId);
    const rowsBefore = await count(t, a.tenantId, 'customers');
    const auditBefore = await count(t, a.tenantId, 'audit_events');
    const foreignArea = await withTenant(t.app.db, b.tenantId, (trx) =>
      trx.insertInto('service_areas').values({ tenant_id: b.tenantId, name: 'Beta Town', code: null, parent_id: null, external_ref: null }).returning('id').executeTakeFirstOrThrow(),
    );
    const res = await post(t, a, '/api/v1/customers', {
      firstName: '',
      companyName: ' ',
      email: 'not-an-email',
      phone: '0917 CALL ME',
      altPhone: '12',
      areaId: foreignArea.id,
      latitude: '14.5',
      locationAccuracy: 'roughly',
      tags: Array.from({ length: 21 }, (_, i) => `tag${i}`),
    });
    assert.equal(res.statusCode, 422, res.body);
    const fields = (res.json().errors as { field: string }[]).map((e) => e.field).sort();
    assert.deepEqual(fields, ['altPhone', 'areaId', 'email', 'firstName', 'locationAccuracy', 'longitude', 'phone', 'tags']);
    assert.equal(await count(t, a.tenantId, 'customers'), rowsBefore);
    assert.equal(await count(t, a.tenantId, 'audit_events'), auditBefore);
    assert.equal(await counterValue(t, a.tenantId), counterBefore, 'no account number consumed');

    const long = await post(t, a, '/api/v1/customers', { firstName: 'Long', tags: ['x'.repeat(41)] });
    assert.equal(long.statusCode, 422);
    assert.equal(long.json().errors[0].field, 'tags');
    const badStatus = await post(t, a, '/api/v1/customers', { companyName: 'Acme', status: 'gone' });
    assert.equal(badStatus.statusCode, 422);
    assert.equal(await counterValue(t, a.tenantId), counterBefore);
  });

  it('gives gapless, sequential account numbers under 20 concurrent creates, independently per tenant', async () => {
    await withTenant(t.app.db, b.tenantId, (trx) => trx.updateTable('tenant_settings').set({ account_number_prefix: 'SUB-' }).where('tenant_id', '=', b.tenantId).execute());
    const startA = await counterValue(t, a.tenantId);
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => [
        post(t, a, '/api/v1/customers', { firstName: `Concurrent ${i}`, lastName: 'Alpha' }),
        post(t, b, '/api/v1/customers', { firstName: `Concurrent ${i}`, lastName: 'Beta' }),
      ]).flat(),
    );
    for (const r of results) assert.equal(r.statusCode, 201, r.body);
    const numbers = (prefix: string) =>
      results
        .map((r) => String(r.json().accountNumber))
        .filter((n) => n.startsWith(prefix))
        .sort();
    assert.deepEqual(
      numbers('ACC-'),
      Array.from({ length: 20 }, (_, i) => `ACC-${String(startA + i + 1).padStart(6, '0')}`),
    );
    assert.deepEqual(
      numbers('SUB-'),
      Array.from({ length: 20 }, (_, i) => `SUB-${String(i + 1).padStart(6, '0')}`),
    );
  });

  it('keeps e-mail unique per tenant only, whatever its case', async () => {
    await create(t, a, { firstName: 'Uno', email: 'shared@example.ke' });
    const again = await post(t, a, '/api/v1/customers', { firstName: 'Dos', email: 'SHARED@example.ke' });
    assert.equal(again.statusCode, 422);
    assert.equal(again.json().errors[0].field, 'email');
    assert.equal(again.json().errors[0].rule, 'taken');
    const otherTenant = await create(t, b, { firstName: 'Tres', email: 'shared@example.ke' });
    assert.equal(otherTenant.email, 'shared@example.ke');
  });

  it('edits only what is sent, audits only the changed fields, and refuses status and others’ e-mails', async () => {
    const c = await create(t, a, { firstName: 'Wanjiku', lastName: 'Kamau', phone: '0722 123 456', email: 'wanjiku@example.ke' });
    await create(t, a, { firstName: 'Otieno', email: 'otieno@example.ke' });
    const id = String(c.id);
    const res = await asStaff(t, a, { method: 'PATCH', url: `/api/v1/customers/${id}`, payload: { phone: '+254 722 999 000', notes: 'Gate is blue' } });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().phone, '+254 722 999 000');
    assert.equal(res.json().lastName, 'Kamau');
    assert.equal(res.json().accountNumber, c.accountNumber);
    const entry = await withTenant(t.app.db, a.tenantId, (trx) =>
      trx.selectFrom('audit_events').select(['before', 'after']).where('tenant_id', '=', a.tenantId).where('entity_id', '=', id).where('action', '=', 'customer.updated').executeTakeFirstOrThrow(),
    );
    assert.deepEqual(entry.before, { phone: '0722 123 456', notes: '' });
    assert.deepEqual(entry.after, { phone: '+254 722 999 000', notes: 'Gate is blue' });

    const status = await asStaff(t, a, { method: 'PATCH', url: `/api/v1/customers/${id}`, payload: { status: 'active' } });
    assert.equal(status.statusCode, 422);
    assert.equal(status.json().errors[0].field, 'status');
    const taken = await asStaff(t, a, { method: 'PATCH', url: `/api/v1/customers/${id}`, payload: { email: 'Otieno@example.ke', lastName: 'Changed' } });
    assert.equal(taken.statusCode, 422);
    assert.equal(taken.json().errors[0].field, 'email');
    const unchanged = (await asStaff(t, a, { method: 'GET', url: `/api/v1/customers/${id}` })).json();
    assert.equal(unchanged.lastName, 'Kamau', 'nothing written on a 422');
    // Keeping one's own e-mail is no conflict.
    const same = await asStaff(t, a, { method: 'PATCH', url: `/api/v1/customers/${id}`, payload: { email: 'WANJIKU@example.ke' } });
    assert.equal(same.statusCode, 200, same.body);
  });

  it('changes status with reason and date, keeps the history, and refuses no-ops, leads and missing reasons', async () => {
    const c = await create(t, a, { firstName: 'Status', lastName: 'Walker' });
    const url = `/api/v1/customers/${String(c.id)}/status`;
    const noop = await post(t, a, url, { status: 'lead' });
    assert.equal(noop.statusCode, 422);
    assert.equal(noop.json().errors[0].rule, 'unchanged');
    t.clock.advance(60_000);
    const active = await post(t, a, url, { status: 'active' });
    assert.equal(active.statusCode, 200, active.body);
    assert.equal(active.json().status, 'active');
    const noReason = await post(t, a, url, { status: 'suspended', reason: '  ' });
    assert.equal(noReason.statusCode, 422);
    assert.equal(noReason.json().errors[0].field, 'reason');
    const backToLead = await post(t, a, url, { status: 'lead' });
    assert.equal(backToLead.statusCode, 422);
    assert.equal(backToLead.json().errors[0].rule, 'not_allowed');
    const early = await post(t, a, url, { status: 'suspended', reason: 'Unpaid', effectiveOn: '2026-11-01' });
    assert.equal(early.statusCode, 422);
    assert.equal(early.json().errors[0].field, 'effectiveOn');
    const badDate = await post(t, a, url, { status: 'suspended', reason: 'Unpaid', effectiveOn: '2026-02-30' });
    assert.equal(badDate.statusCode, 422);
    t.clock.advance(60_000);
    const suspended = await post(t, a, url, { status: 'suspended', reason: 'Unpaid October', effectiveOn: '2026-11-30' });
    assert.equal(suspended.statusCode, 200, suspended.body);

    const history = (await asStaff(t, a, { method: 'GET', url: `/api/v1/customers/${String(c.id)}/status-history` })).json();
    assert.deepEqual(
      history.items.map((h: Json) => [h.fromStatus, h.toStatus, h.reason, h.effectiveOn]),
      [
        [null, 'lead', '', '2026-11-27'],
        ['lead', 'active', '', '2026-11-27'],
        ['active', 'suspended', 'Unpaid October', '2026-11-30'],
      ],
    );
    assert.ok(history.items.every((h: Json) => h.actorLabel !== ''));
  });

  it('lets other modules record a status change without customers.manage, and ignores a no-op', async () => {
    const c = await create(t, a, { firstName: 'Field', lastName: 'Install' });
    const id = String(c.id);
    t.clock.advance(60_000);
    const done = await withTenant(t.app.db, a.tenantId, (trx) =>
      recordCustomerStatusChange(contextFor(t, a, ['installations.manage'], trx), { customerId: id, toStatus: 'active', reason: 'Installation completed' }),
    );
    assert.equal(done.status, 'active');
    const again = await withTenant(t.app.db, a.tenantId, (trx) =>
      recordCustomerStatusChange(contextFor(t, a, [], trx), { customerId: id, toStatus: 'active', reason: 'Installation completed' }),
    );
    assert.equal(again.status, 'active');
    const history = (await asStaff(t, a, { method: 'GET', url: `/api/v1/customers/${id}/status-history` })).json();
    assert.equal(history.items.length, 2);
    assert.equal(history.items[1].reason, 'Installation completed');
  });

  it('answers 403 to a technician creating, editing or changing status, and 404 for another tenant’s customer', async () => {
    const tech = await addStaff(t, a, 'technician');
    const before = await count(t, a.tenantId, 'customers');
    const res = await post(t, tech, '/api/v1/customers', { firstName: 'Nope' });
    assert.equal(res.statusCode, 403);
    assert.equal(await count(t, a.tenantId, 'customers'), before);
    const c = await create(t, a, { firstName: 'Readable' });
    assert.equal((await asStaff(t, tech, { method: 'GET', url: `/api/v1/customers/${String(c.id)}` })).statusCode, 200);
    assert.equal((await asStaff(t, tech, { method: 'PATCH', url: `/api/v1/customers/${String(c.id)}`, payload: { notes: 'x' } })).statusCode, 403);
    assert.equal((await post(t, tech, `/api/v1/customers/${String(c.id)}/status`, { status: 'active' })).statusCode, 403);

    for (const [method, url, payload] of [
      ['GET', `/api/v1/customers/${String(c.id)}`, undefined],
      ['PATCH', `/api/v1/customers/${String(c.id)}`, { notes: 'hijack' }],
      ['POST', `/api/v1/customers/${String(c.id)}/status`, { status: 'terminated', reason: 'hijack' }],
      ['GET', `/api/v1/customers/${String(c.id)}/status-history`, undefined],
    ] as const) {
      const r = await asStaff(t, b, { method, url, ...(payload ? { payload } : {}) });
      assert.equal(r.statusCode, 404, `${method} ${url}: ${r.body}`);
    }
  });
});
