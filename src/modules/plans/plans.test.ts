import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { addStaff, asStaff, createTestApp, signUpTenant, type StaffSession, type TestApp } from '../../../test/helpers/app.ts';
import { makeCustomer, makeService } from '../../../test/helpers/factories.ts';
import { withPlatform, withTenant } from '../../db/tenancy.ts';
import { ALL_PERMISSIONS } from '../roles/permissions.ts';
import type { TenantContext } from '../context.ts';
import { findSelectablePlan, listPlanOptions } from './plan-options.ts';

interface Plan {
  id: string;
  name: string;
  downloadMbps: number;
  uploadMbps: number;
  priceMinor: number;
  currency: string;
  periodUnit: 'month' | 'day';
  periodCount: number;
  setupFeeMinor: number | null;
  taxClass: string;
  description: string;
  active: boolean;
  retiredAt: string | null;
  serviceCount: number;
}

interface Problem {
  code: string;
  detail: string;
  errors?: { field: string; rule: string }[];
}

describe('service plans API', () => {
  let t: TestApp;
  let owner: StaffSession;
  let other: StaffSession;

  const call = (staff: StaffSession, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) =>
    asStaff(t, staff, { method, url, ...(payload ? { payload } : {}) });

  async function create(body: Record<string, unknown>, staff = owner): Promise<Plan> {
    const res = await call(staff, 'POST', '/api/v1/plans', { downloadMbps: 50, uploadMbps: 20, priceMinor: 149900, ...body });
    assert.equal(res.statusCode, 201, res.body);
    return res.json<Plan>();
  }

  const fieldsOf = (res: { json: <T>() => T }) => (res.json<Problem>().errors ?? []).map((e) => `${e.field}:${e.rule}`).sort();
  const countPlans = (tenantId: string) =>
    withPlatform(t.app.db, async (trx) => (await trx.selectFrom('service_plans').select('id').where('tenant_id', '=', tenantId).execute()).length);

  function ownerCtx<T>(fn: (ctx: TenantContext) => Promise<T>): Promise<T> {
    return withTenant(t.app.db, owner.tenantId, (trx) =>
      fn({ tenantId: owner.tenantId, trx, now: t.clock.now, actor: { type: 'user', id: owner.userId, label: 'test', isOwner: true, permissions: new Set(ALL_PERMISSIONS) } }),
    );
  }

  before(async () => {
    t = await createTestApp();
    owner = await signUpTenant(t, { companyName: 'Bayan Fiber' });
    other = await signUpTenant(t, { companyName: 'Other ISP' });
  });
  after(async () => {
    await t.close();
  });

  it('creates a plan in the tenant currency with monthly billing and the standard tax class by default', async () => {
    const plan = await create({ name: ' Fiber  50 ', setupFeeMinor: 50000, description: 'Unlimited\nfiber' });
    assert.equal(plan.name, 'Fiber 50');
    assert.equal(plan.currency, 'PHP');
    assert.equal(plan.priceMinor, 149900);
    assert.equal(plan.periodUnit, 'month');
    assert.equal(plan.periodCount, 1);
    assert.equal(plan.taxClass, 'standard');
    assert.equal(plan.setupFeeMinor, 50000);
    assert.equal(plan.description, 'Unlimited\nfiber', 'descriptions keep their lines');
    assert.equal(plan.active, true);
    const prepaid = await create({ name: 'Prepaid 30 days', periodUnit: 'day', periodCount: 30, taxClass: 'vat_exempt' });
    assert.equal(prepaid.periodCount, 30);
    assert.equal(prepaid.taxClass, 'vat_exempt');
    const audit = await withPlatform(t.app.db, (trx) =>
      trx.selectFrom('audit_events').select(['action', 'after']).where('tenant_id', '=', owner.tenantId).where('entity_id', '=', plan.id).executeTakeFirstOrThrow(),
    );
    assert.equal(audit.action, 'plan.created');
    assert.equal((audit.after as { priceMinor: number }).priceMinor, 149900);
  });

  it('refuses a bad plan naming every field, and writes nothing', async () => {
    const before = await countPlans(owner.tenantId);
    const dup = await call(owner, 'POST', '/api/v1/plans', { name: 'FIBER 50', downloadMbps: 1, uploadMbps: 1, priceMinor: 1, periodUnit: 'day', taxClass: 'Standard VAT' });
    assert.equal(dup.statusCode, 422);
    assert.deepEqual(fieldsOf(dup), ['name:taken', 'periodCount:required', 'taxClass:format']);
    const months = await call(owner, 'POST', '/api/v1/plans', { name: 'Thirteen months', downloadMbps: 1, uploadMbps: 1, priceMinor: 1, periodCount: 13 });
    assert.equal(months.statusCode, 422);
    assert.deepEqual(fieldsOf(months), ['periodCount:range']);
    const negative = await call(owner, 'POST', '/api/v1/plans', { name: 'Negative', downloadMbps: 1, uploadMbps: 1, priceMinor: -1 });
    assert.equal(negative.statusCode, 422);
    assert.equal(negative.json<Problem>().errors?.[0]?.field, 'priceMinor');
    assert.equal(await countPlans(owner.tenantId), before);
  });

  it('edits price and speeds of a plan in use, and never deletes it: 409 plan_in_use says to retire', async () => {
    const plan = await create({ name: 'Fiber 100' });
    const customer = await makeCustomer(t, owner);
    await makeService(t, owner, { customerId: customer.id, planId: plan.id });
    const edited = await call(owner, 'PATCH', `/api/v1/plans/${plan.id}`, { priceMinor: 159900, downloadMbps: 120 });
    assert.equal(edited.statusCode, 200, edited.body);
    assert.equal(edited.json<Plan>().priceMinor, 159900);
    assert.equal(edited.json<Plan>().uploadMbps, 20, 'omitted fields stay');
    assert.equal(edited.json<Plan>().serviceCount, 1);
    const audit = await withPlatform(t.app.db, (trx) =>
      trx.selectFrom('audit_events').select(['before', 'after']).where('tenant_id', '=', owner.tenantId).where('entity_id', '=', plan.id).where('action', '=', 'plan.updated').executeTakeFirstOrThrow(),
    );
    assert.equal((audit.before as { priceMinor: number }).priceMinor, 149900);
    assert.equal((audit.after as { priceMinor: number }).priceMinor, 159900);

    const refused = await call(owner, 'DELETE', `/api/v1/plans/${plan.id}`);
    assert.equal(refused.statusCode, 409);
    assert.equal(refused.json<Problem>().code, 'plan_in_use');
    assert.match(refused.json<Problem>().detail, /1 service uses “Fiber 100”.*Retire it instead/);
    assert.equal((await call(owner, 'GET', `/api/v1/plans/${plan.id}`)).statusCode, 200);

    const unused = await create({ name: 'Never sold' });
    assert.equal((await call(owner, 'DELETE', `/api/v1/plans/${unused.id}`)).statusCode, 204);
    assert.equal((await call(owner, 'GET', `/api/v1/plans/${unused.id}`)).statusCode, 404);
  });

  it('retires a plan so new services cannot choose it, and reactivates it', async () => {
    const plan = await create({ name: 'Legacy 10' });
    const retired = await call(owner, 'POST', `/api/v1/plans/${plan.id}/retire`);
    assert.equal(retired.statusCode, 200);
    assert.equal(retired.json<Plan>().active, false);
    assert.equal(retired.json<Plan>().retiredAt, t.clock.now().toISOString());
    let options = await ownerCtx((ctx) => listPlanOptions(ctx));
    assert.ok(!options.some((o) => o.id === plan.id), 'a retired plan is not offered');
    assert.equal(await ownerCtx((ctx) => findSelectablePlan(ctx, plan.id)), undefined);

    const back = await call(owner, 'POST', `/api/v1/plans/${plan.id}/reactivate`);
    assert.equal(back.json<Plan>().active, true);
    assert.equal(back.json<Plan>().retiredAt, null);
    options = await ownerCtx((ctx) => listPlanOptions(ctx));
    const option = options.find((o) => o.id === plan.id);
    assert.ok(option);
    assert.match(option.label, /^Legacy 10 · 50\/20 Mbps · ₱1,499\.00 \/ month$/);
    assert.equal((await ownerCtx((ctx) => findSelectablePlan(ctx, plan.id)))?.priceMinor, 149900);
  });

  it('lists with status filter, sorting by price and speed, and service counts', async () => {
    const tenant = await signUpTenant(t, { companyName: 'List ISP' });
    await create({ name: 'Cheap', priceMinor: 99900, downloadMbps: 25 }, tenant);
    const mid = await create({ name: 'Mid', priceMinor: 149900, downloadMbps: 100 }, tenant);
    const top = await create({ name: 'Top', priceMinor: 299900, downloadMbps: 50 }, tenant);
    await call(tenant, 'POST', `/api/v1/plans/${top.id}/retire`);
    const customer = await makeCustomer(t, tenant);
    await makeService(t, tenant, { customerId: customer.id, planId: mid.id });
    await makeService(t, tenant, { customerId: customer.id, planId: mid.id, status: 'terminated', end_on: '2026-11-20' });

    const names = async (query: string) => (await call(tenant, 'GET', `/api/v1/plans?${query}`)).json<{ items: Plan[] }>().items.map((p) => p.name);
    assert.deepEqual(await names(''), ['Cheap', 'Mid', 'Top']);
    assert.deepEqual(await names('sort=price&dir=desc'), ['Top', 'Mid', 'Cheap']);
    assert.deepEqual(await names('sort=download'), ['Cheap', 'Top', 'Mid']);
    assert.deepEqual(await names('status=retired'), ['Top']);
    assert.deepEqual(await names('status=active&q=che'), ['Cheap']);
    const page1 = (await call(tenant, 'GET', '/api/v1/plans?sort=price&limit=2')).json<{ items: Plan[]; nextCursor: string }>();
    const page2 = (await call(tenant, 'GET', `/api/v1/plans?sort=price&limit=2&cursor=${page1.nextCursor}`)).json<{ items: Plan[]; nextCursor: string | null }>();
    assert.deepEqual([...page1.items, ...page2.items].map((p) => p.name), ['Cheap', 'Mid', 'Top']);
    assert.equal(page2.nextCursor, null);
    const midRow = (await call(tenant, 'GET', `/api/v1/plans/${mid.id}`)).json<Plan>();
    assert.equal(midRow.serviceCount, 1, 'terminated services are not counted as on the plan');
  });

  it('documents plans and areas in the OpenAPI document', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json<{ paths: Record<string, Record<string, { tags: string[]; parameters?: { name: string }[] }>> }>();
    assert.deepEqual(doc.paths['/api/v1/plans/{id}/retire']?.post?.tags, ['plans']);
    assert.deepEqual(doc.paths['/api/v1/plans/{id}']?.delete?.tags, ['plans']);
    assert.ok(doc.paths['/api/v1/plans']?.get?.parameters?.some((p) => p.name === 'sort'));
    assert.ok(doc.paths['/api/v1/areas']?.get?.parameters?.some((p) => p.name === 'parentId'));
    assert.deepEqual(doc.paths['/api/v1/areas/{id}']?.patch?.tags, ['areas']);
  });

  it('lets read-only staff read, refuses changes without plans.manage, and hides other tenants', async () => {
    const readOnly = await addStaff(t, owner, 'read_only');
    const support = await addStaff(t, owner, 'support');
    const plan = await create({ name: 'Guarded' });
    assert.equal((await call(readOnly, 'GET', '/api/v1/plans')).statusCode, 200);
    assert.equal((await call(readOnly, 'GET', `/api/v1/plans/${plan.id}`)).statusCode, 200);
    assert.equal((await call(support, 'POST', '/api/v1/plans', { name: 'Nope', downloadMbps: 1, uploadMbps: 1, priceMinor: 1 })).statusCode, 403);
    assert.equal((await call(support, 'PATCH', `/api/v1/plans/${plan.id}`, { priceMinor: 1 })).statusCode, 403);
    assert.equal((await call(support, 'POST', `/api/v1/plans/${plan.id}/retire`)).statusCode, 403);
    assert.equal((await call(support, 'DELETE', `/api/v1/plans/${plan.id}`)).statusCode, 403);
    assert.equal((await call(other, 'GET', `/api/v1/plans/${plan.id}`)).statusCode, 404);
    assert.equal((await call(other, 'POST', `/api/v1/plans/${plan.id}/retire`)).statusCode, 404);
    assert.equal((await call(owner, 'GET', `/api/v1/plans/${plan.id}`)).json<Plan>().active, true);
  });
});
