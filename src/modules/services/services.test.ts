import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { asStaff, createTestApp, signUpTenant, type StaffSession, type TestApp } from '../../../test/helpers/app.ts';
import { makeArea, makeCustomer, makeInstallation, makePlan, makePlantBranch, makeService } from '../../../test/helpers/factories.ts';

interface Problem {
  code: string;
  detail: string;
  errors?: { field: string; rule: string; message: string }[];
}

describe('services list filters: area (and below) and NAP', () => {
  let t: TestApp;
  let a: StaffSession;
  let other: StaffSession;
  before(async () => {
    t = await createTestApp();
    a = await signUpTenant(t, { companyName: 'Alpha Fiber' });
    other = await signUpTenant(t, { companyName: 'Other ISP' });
  });
  after(async () => {
    await t.close();
  });

  it('filters the API, the page and the CSV by the customer’s area or an area below it, and by the NAP the installation holds a port on', async () => {
    const city = await makeArea(t, a, { name: 'Bacoor City' });
    const barangay = await makeArea(t, a, { name: 'Molino III', parent_id: city.id });
    const elsewhere = await makeArea(t, a, { name: 'Imus' });
    const plan = await makePlan(t, a);
    const branch = await makePlantBranch(t, a);
    const otherBranch = await makePlantBranch(t, a);

    const inCity = await makeCustomer(t, a, { first_name: 'Cita', last_name: 'City', area_id: city.id });
    const inBarangay = await makeCustomer(t, a, { first_name: 'Bara', last_name: 'Ngay', area_id: barangay.id });
    const away = await makeCustomer(t, a, { first_name: 'Ima', last_name: 'Away', area_id: elsewhere.id });
    const onNap = await makeInstallation(t, a, { customerId: inBarangay.id, napPortId: branch.ports[0]?.id ?? null });
    const onOtherNap = await makeInstallation(t, a, { customerId: away.id, napPortId: otherBranch.ports[0]?.id ?? null });
    const released = await makeInstallation(t, a, { customerId: inCity.id, napPortId: branch.ports[1]?.id ?? null, status: 'terminated' });

    const sCity = await makeService(t, a, { customerId: inCity.id, planId: plan.id, installation_id: released.id });
    const sBarangay = await makeService(t, a, { customerId: inBarangay.id, planId: plan.id, installation_id: onNap.id });
    const sAway = await makeService(t, a, { customerId: away.id, planId: plan.id, installation_id: onOtherNap.id });

    const ids = async (query: string) => {
      const res = await asStaff(t, a, { method: 'GET', url: `/api/v1/services?${query}` });
      assert.equal(res.statusCode, 200, res.body);
      return res
        .json<{ items: { id: string }[] }>()
        .items.map((s) => s.id)
        .sort();
    };
    assert.deepEqual(await ids(`areaId=${city.id}`), [sCity.id, sBarangay.id].sort());
    assert.deepEqual(await ids(`areaId=${barangay.id}`), [sBarangay.id]);
    assert.deepEqual(await ids(`areaId=${elsewhere.id}`), [sAway.id]);
    // A terminated installation no longer holds its port.
    assert.deepEqual(await ids(`napId=${branch.nap.id}`), [sBarangay.id]);
    assert.deepEqual(await ids(`napId=${otherBranch.nap.id}&areaId=${city.id}`), []);

    const bad = await asStaff(t, a, { method: 'GET', url: '/api/v1/services?areaId=nope' });
    assert.equal(bad.statusCode, 422);
    assert.match(bad.body, /areaId/);

    const page = await asStaff(t, a, { method: 'GET', url: `/app/services?areaId=${city.id}`, headers: { accept: 'text/html' } });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /name="areaId"/);
    assert.match(page.body, /name="napId"/);
    assert.match(page.body, new RegExp(`data-service-id="${sCity.id}"`));
    assert.match(page.body, new RegExp(`data-service-id="${sBarangay.id}"`));
    assert.doesNotMatch(page.body, new RegExp(`data-service-id="${sAway.id}"`));

    const csv = await asStaff(t, a, { method: 'GET', url: `/app/services?format=csv&napId=${branch.nap.id}` });
    assert.equal(csv.statusCode, 200);
    assert.match(csv.body, new RegExp(sBarangay.id));
    assert.doesNotMatch(csv.body, new RegExp(sCity.id));
    assert.doesNotMatch(csv.body, new RegExp(sAway.id));

    // Another tenant's area or NAP selects nothing, not their services.
    const theirs = await asStaff(t, other, { method: 'GET', url: `/api/v1/services?areaId=${city.id}` });
    assert.equal(theirs.statusCode, 200);
    assert.deepEqual(theirs.json<{ items: unknown[] }>().items, []);
  });
});


describe('plan changes take effect today or earlier', () => {
  let t: TestApp;
  let a: StaffSession;
  before(async () => {
    t = await createTestApp();
    a = await signUpTenant(t, { companyName: 'Alpha Fiber' });
  });
  after(async () => {
    await t.close();
  });

  it('refuses a future effectiveOn through the API and the page with a 422 on effectiveOn, changing nothing', async () => {
    const from = await makePlan(t, a, { name: 'Fiber 50' });
    const to = await makePlan(t, a, { name: 'Fiber 200', price_minor: 299900 });
    const customer = await makeCustomer(t, a);
    const service = await makeService(t, a, { customerId: customer.id, planId: from.id });
    // The test clock reads 2026-11-27 in the tenant's zone.
    const api = await asStaff(t, a, { method: 'POST', url: `/api/v1/services/${service.id}/plan`, payload: { planId: to.id, effectiveOn: '2026-12-01' } });
    assert.equal(api.statusCode, 422, api.body);
    const problem = api.json<Problem>();
    assert.deepEqual(
      problem.errors?.map((e) => `${e.field}:${e.rule}`),
      ['effectiveOn:future'],
    );
    assert.match(problem.errors?.[0]?.message ?? '', /Plan changes take effect today \(2026-11-27\) or on an earlier date/);

    const page = await asStaff(t, a, {
      method: 'POST',
      url: `/app/services/${service.id}/plan`,
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
      payload: new URLSearchParams({ _csrf: a.csrf, planId: to.id, effectiveOn: '2026-11-28' }).toString(),
    });
    assert.equal(page.statusCode, 422);
    assert.match(page.body, /Plan changes take effect today \(2026-11-27\) or on an earlier date/);

    const unchanged = await asStaff(t, a, { method: 'GET', url: `/api/v1/services/${service.id}` });
    const body = unchanged.json<{ planId: string; planHistory: unknown[] }>();
    assert.equal(body.planId, from.id);
    assert.equal(body.planHistory.length, 1);

    const today = await asStaff(t, a, { method: 'POST', url: `/api/v1/services/${service.id}/plan`, payload: { planId: to.id, effectiveOn: '2026-11-27' } });
    assert.equal(today.statusCode, 200, today.body);
    assert.equal(today.json<{ planId: string }>().planId, to.id);
  });
});

describe('services only for lead or active customers', () => {
  let t: TestApp;
  let a: StaffSession;
  before(async () => {
    t = await createTestApp();
    a = await signUpTenant(t, { companyName: 'Alpha Fiber' });
  });
  after(async () => {
    await t.close();
  });

  const form = (fields: Record<string, string>) => ({
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
    payload: new URLSearchParams({ _csrf: a.csrf, ...fields }).toString(),
  });

  it('refuses a new service for a suspended, disconnected or terminated customer with a 422 on customerId, API and page; a lead may have a pending one', async () => {
    const plan = await makePlan(t, a);
    for (const status of ['suspended', 'disconnected', 'terminated'] as const) {
      const customer = await makeCustomer(t, a, { status });
      for (const wanted of ['pending', 'active']) {
        const res = await asStaff(t, a, { method: 'POST', url: '/api/v1/services', payload: { customerId: customer.id, planId: plan.id, billingMode: 'postpaid', startOn: '2026-11-27', status: wanted } });
        assert.equal(res.statusCode, 422, `${status}/${wanted}: ${res.body}`);
        const problem = res.json<Problem>();
        assert.deepEqual(
          problem.errors?.map((e) => e.field),
          ['customerId'],
        );
        assert.match(problem.errors?.[0]?.message ?? '', new RegExp(`This customer is ${status}; a service can only be added for a lead or active customer`));
      }
      const page = await asStaff(t, a, { method: 'POST', url: '/app/services', ...form({ customerId: customer.id, planId: plan.id, billingMode: 'postpaid', startOn: '2026-11-27', status: 'active' }) });
      assert.equal(page.statusCode, 422);
      assert.match(page.body, new RegExp(`This customer is ${status}`));
      const list = await asStaff(t, a, { method: 'GET', url: `/api/v1/services?customerId=${customer.id}` });
      assert.deepEqual(list.json<{ items: unknown[] }>().items, []);
    }
    const lead = await makeCustomer(t, a, { status: 'lead' });
    const pending = await asStaff(t, a, { method: 'POST', url: '/api/v1/services', payload: { customerId: lead.id, planId: plan.id, billingMode: 'postpaid', startOn: '2026-11-27' } });
    assert.equal(pending.statusCode, 201, pending.body);
    assert.equal(pending.json<{ status: string }>().status, 'pending');
  });

  it('records an existing, cut-off subscription of a suspended or disconnected customer as a suspended service; not for a lead or a terminated customer', async () => {
    const plan = await makePlan(t, a);
    for (const status of ['suspended', 'disconnected', 'active'] as const) {
      const customer = await makeCustomer(t, a, { status });
      const res = await asStaff(t, a, { method: 'POST', url: '/api/v1/services', payload: { customerId: customer.id, planId: plan.id, billingMode: 'prepaid', startOn: '2026-06-01', status: 'suspended' } });
      assert.equal(res.statusCode, 201, `${status}: ${res.body}`);
      assert.equal(res.json<{ status: string }>().status, 'suspended');
    }
    for (const status of ['lead', 'terminated'] as const) {
      const customer = await makeCustomer(t, a, { status });
      const res = await asStaff(t, a, { method: 'POST', url: '/api/v1/services', payload: { customerId: customer.id, planId: plan.id, billingMode: 'prepaid', startOn: '2026-06-01', status: 'suspended' } });
      assert.equal(res.statusCode, 422, `${status}: ${res.body}`);
      assert.deepEqual(
        res.json<Problem>().errors?.map((e) => e.field),
        ['customerId'],
      );
    }
  });

  it('refuses to activate or resume a service of a customer who is not lead or active with a 409, API and page', async () => {
    const plan = await makePlan(t, a);
    const customer = await makeCustomer(t, a, { status: 'suspended' });
    const pending = await makeService(t, a, { customerId: customer.id, planId: plan.id, status: 'pending' });
    const suspended = await makeService(t, a, { customerId: customer.id, planId: plan.id, status: 'suspended' });

    for (const [service, step] of [
      [pending, 'activate'],
      [suspended, 'resume'],
    ] as const) {
      const api = await asStaff(t, a, { method: 'POST', url: `/api/v1/services/${service.id}/${step}` });
      assert.equal(api.statusCode, 409, api.body);
      assert.equal(api.json<Problem>().code, 'customer_status');
      assert.match(api.json<Problem>().detail, /This customer is suspended; a service can only be (activated|resumed) for a lead or active customer/);
      const page = await asStaff(t, a, { method: 'POST', url: `/app/services/${service.id}/${step}`, ...form({}) });
      assert.equal(page.statusCode, 409);
      assert.match(page.body, /This customer is suspended/);
      const after = await asStaff(t, a, { method: 'GET', url: `/api/v1/services/${service.id}` });
      assert.equal(after.json<{ status: string }>().status, service.status);
    }

    // Once the customer is active again, the same steps go through.
    const active = await makeCustomer(t, a, { status: 'active' });
    const ok = await makeService(t, a, { customerId: active.id, planId: plan.id, status: 'suspended' });
    const resumed = await asStaff(t, a, { method: 'POST', url: `/api/v1/services/${ok.id}/resume` });
    assert.equal(resumed.statusCode, 200, resumed.body);
  });
});

describe('the add-service form', () => {
  let t: TestApp;
  let a: StaffSession;
  let other: StaffSession;
  before(async () => {
    t = await createTestApp();
    a = await signUpTenant(t, { companyName: 'Alpha Fiber' });
    other = await signUpTenant(t, { companyName: 'Other ISP' });
  });
  after(async () => {
    await t.close();
  });

  it('offers the customer’s installations that have not ended and the active plans; an unknown, malformed or other tenant’s customer is a 404', async () => {
    await makePlan(t, a, { name: 'Fiber 50' });
    await makePlan(t, a, { name: 'Old Fiber 10', active: false });
    const customer = await makeCustomer(t, a, { first_name: 'Rosa', last_name: 'Reyes' });
    const open = await makeInstallation(t, a, { customerId: customer.id, service_address: 'Blk 4 Lot 2 Molino III' });
    const ended = await makeInstallation(t, a, { customerId: customer.id, service_address: 'Old house Imus', status: 'terminated' });

    const page = await asStaff(t, a, { method: 'GET', url: `/app/services/new?customerId=${customer.id}`, headers: { accept: 'text/html' } });
    assert.equal(page.statusCode, 200, page.body);
    assert.match(page.body, /Rosa Reyes/);
    assert.match(page.body, new RegExp(`value="${open.id}"[^>]*>active · Blk 4 Lot 2 Molino III`));
    assert.doesNotMatch(page.body, new RegExp(ended.id));
    assert.match(page.body, /Fiber 50/);
    assert.doesNotMatch(page.body, /Old Fiber 10/);

    for (const customerId of ['', 'nope', '00000000-0000-4000-8000-000000000000']) {
      const missing = await asStaff(t, a, { method: 'GET', url: `/app/services/new?customerId=${customerId}`, headers: { accept: 'text/html' } });
      assert.equal(missing.statusCode, 404, customerId);
    }
    const theirs = await asStaff(t, other, { method: 'GET', url: `/app/services/new?customerId=${customer.id}`, headers: { accept: 'text/html' } });
    assert.equal(theirs.statusCode, 404);
    assert.doesNotMatch(theirs.body, /Rosa Reyes/);
  });
});
