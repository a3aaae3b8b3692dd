import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { addStaff, asStaff, createTestApp, signUpTenant, type StaffSession, type TestApp } from '../../../test/helpers/app.ts';
import { makeArea, makeCustomer, makeDevice, makeInstallation, makePlan, makePlantBranch, makeService } from '../../../test/helpers/factories.ts';
import { withTenant } from '../../db/tenancy.ts';

function form(staff: StaffSession, fields: Record<string, string>) {
  return {
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
    payload: new URLSearchParams({ _csrf: staff.csrf, ...fields }).toString(),
  };
}

async function customerCount(t: TestApp, tenantId: string): Promise<number> {
  return withTenant(t.app.db, tenantId, async (trx) =>
    Number((await trx.selectFrom('customers').select((eb) => eb.fn.countAll<number>().as('n')).where('tenant_id', '=', tenantId).executeTakeFirstOrThrow()).n),
  );
}

describe('customer pages', () => {
  let t: TestApp;
  let a: StaffSession;
  before(async () => {
    t = await createTestApp();
    a = await signUpTenant(t, { companyName: 'Alpha Fiber' });
  });
  after(async () => {
    await t.close();
  });

  it('adds a customer through the form, and re-shows a wrong form with values and messages, saving nothing', async () => {
    const area = await makeArea(t, a, { name: 'Molino III' });
    const blank = await asStaff(t, a, { method: 'GET', url: '/app/customers/new', headers: { accept: 'text/html' } });
    assert.equal(blank.statusCode, 200);
    assert.match(blank.body, /Molino III/);
    assert.match(blank.body, /data-location-picker/);

    const before = await customerCount(t, a.tenantId);
    const bad = await asStaff(t, a, {
      method: 'POST',
      url: '/app/customers',
      ...form(a, { firstName: '', lastName: 'Reyes', phone: 'call me', email: 'nope', latitude: '95', longitude: '121', tags: 'vip' }),
    });
    assert.equal(bad.statusCode, 422);
    assert.match(bad.body, /Nothing was saved/);
    assert.match(bad.body, /value="Reyes"/);
    assert.match(bad.body, /Enter a first name/);
    assert.match(bad.body, /Latitude must be a number/);
    assert.match(bad.body, /Enter a valid email address/);
    assert.equal(await customerCount(t, a.tenantId), before);

    const ok = await asStaff(t, a, {
      method: 'POST',
      url: '/app/customers',
      ...form(a, { firstName: 'Rosa', lastName: 'Reyes', phone: '0917 765 4321', areaId: area.id, latitude: '14.4', longitude: '120.95', locationAccuracy: 'exact', tags: 'VIP, tower b, vip', status: 'lead' }),
    });
    assert.equal(ok.statusCode, 303, ok.body);
    const location = String(ok.headers.location);
    assert.match(location, /^\/app\/customers\/[0-9a-f-]{36}\?notice=created$/);
    const page = await asStaff(t, a, { method: 'GET', url: location, headers: { accept: 'text/html' } });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Customer added/);
    assert.match(page.body, /Rosa Reyes/);
    assert.match(page.body, /ACC-\d{6}/);
    assert.match(page.body, /Molino III/);
    assert.match(page.body, /<span class="badge">vip<\/span><span class="badge">tower b<\/span>/);
    const id = location.split('/')[3]?.split('?')[0] ?? '';
    assert.match(page.body, new RegExp(`/app/map\\?focus=customer:${id}`));
  });

  it('refuses a status the form does not offer with a 422 naming it, instead of adding a lead', async () => {
    const before = await customerCount(t, a.tenantId);
    const res = await asStaff(t, a, { method: 'POST', url: '/app/customers', ...form(a, { firstName: 'Tess', lastName: 'Tamper', status: 'vip' }) });
    assert.equal(res.statusCode, 422);
    assert.match(res.body, /Status must be one of lead, active, suspended, disconnected, terminated/);
    assert.equal(await customerCount(t, a.tenantId), before);
  });

  it('edits through the form and changes status through the page, with a 422 for a missing reason', async () => {
    const c = await makeCustomer(t, a, { first_name: 'Edit', last_name: 'Me', status: 'active' });
    const edit = await asStaff(t, a, { method: 'GET', url: `/app/customers/${c.id}/edit`, headers: { accept: 'text/html' } });
    assert.equal(edit.statusCode, 200);
    assert.match(edit.body, /value="Edit"/);
    const saved = await asStaff(t, a, { method: 'POST', url: `/app/customers/${c.id}`, ...form(a, { firstName: 'Edited', lastName: 'Me', phone: '0917 000 1111' }) });
    assert.equal(saved.statusCode, 303, saved.body);
    const wrong = await asStaff(t, a, { method: 'POST', url: `/app/customers/${c.id}`, ...form(a, { firstName: 'Again', phone: 'x' }) });
    assert.equal(wrong.statusCode, 422);
    assert.match(wrong.body, /value="Again"/);

    const noReason = await asStaff(t, a, { method: 'POST', url: `/app/customers/${c.id}/status`, ...form(a, { status: 'suspended', reason: '' }) });
    assert.equal(noReason.statusCode, 422);
    assert.match(noReason.body, /Say why the customer is suspended/);
    assert.match(noReason.body, /The status was not changed/);
    const changed = await asStaff(t, a, { method: 'POST', url: `/app/customers/${c.id}/status`, ...form(a, { status: 'suspended', reason: 'Unpaid October', effectiveOn: '' }) });
    assert.equal(changed.statusCode, 303);
    const page = await asStaff(t, a, { method: 'GET', url: `/app/customers/${c.id}`, headers: { accept: 'text/html' } });
    assert.match(page.body, /Edited Me/);
    assert.match(page.body, /Active → Suspended/);
    assert.match(page.body, /Unpaid October/);
    assert.match(page.body, /customer\.status_changed/);
  });

  it('shows services, installations with their plant path, CPE and the action buttons the viewer may use', async () => {
    const c = await makeCustomer(t, a, { first_name: 'Full', last_name: 'Picture' });
    const plan = await makePlan(t, a, { name: 'Fiber 100', download_mbps: 100, upload_mbps: 50, price_minor: 149900 });
    const branch = await makePlantBranch(t, a, { napPorts: 8, lcp: { code: 'LCP-MOL' }, splitter: { code: 'SP-A' }, nap: { code: 'NAP-7' } });
    const inst = await makeInstallation(t, a, { customerId: c.id, napPortId: branch.ports[2]?.id ?? null });
    await makeService(t, a, { customerId: c.id, planId: plan.id, installation_id: inst.id, discount_minor: 20000, adjustment_reason: 'Loyalty' });
    const device = await makeDevice(t, a, { installation_id: inst.id, status: 'installed', serial_number: 'HWTCFULL0001' });

    const page = await asStaff(t, a, { method: 'GET', url: `/app/customers/${c.id}`, headers: { accept: 'text/html' } });
    assert.equal(page.statusCode, 200);
    const html = page.body;
    assert.match(html, /Fiber 100/);
    assert.match(html, /100\/50 Mbps/);
    assert.match(html, /1,299\.00/, 'price after the discount');
    assert.match(html, /Loyalty/);
    assert.match(html, /NAP-7 port 3/);
    assert.match(html, /LCP-MOL › SP-A › NAP-7/);
    assert.match(html, new RegExp(`/app/installations/${inst.id}`));
    assert.match(html, /HWTCFULL0001/);
    assert.match(html, new RegExp(String(device.mac_address)));
    assert.match(html, new RegExp(`/app/devices/${device.id}`));
    assert.match(html, new RegExp(`hx-get="/app/customers/${c.id}/billing"`), "the account section loads its balance and invoices");
    assert.match(html, new RegExp(`/app/services/new\\?customerId=${c.id}`));
    assert.match(html, new RegExp(`/app/installations/new\\?customerId=${c.id}`));

    const tech = await addStaff(t, a, 'technician');
    const asTech = (await asStaff(t, tech, { method: 'GET', url: `/app/customers/${c.id}`, headers: { accept: 'text/html' } })).body;
    assert.match(asTech, /New installation/);
    assert.doesNotMatch(asTech, /Add service/);
    assert.doesNotMatch(asTech, /Edit details/);
    assert.doesNotMatch(asTech, /Change status/);
    const reader = await addStaff(t, a, 'read_only');
    const asReader = (await asStaff(t, reader, { method: 'GET', url: `/app/customers/${c.id}`, headers: { accept: 'text/html' } })).body;
    assert.doesNotMatch(asReader, /New installation|Add service|Edit details/);
  });

  it('lists with search first, exports every match as formula-safe CSV, and refuses writes to a technician', async () => {
    await makeCustomer(t, a, { first_name: '=HYPERLINK("x")', last_name: 'Evil', status: 'lead' });
    const list = await asStaff(t, a, { method: 'GET', url: '/app/customers?q=evil', headers: { accept: 'text/html' } });
    assert.equal(list.statusCode, 200);
    assert.match(list.body, /Find a customer/);
    assert.match(list.body, /Evil/);
    assert.doesNotMatch(list.body, /Rosa Reyes/);
    const csv = await asStaff(t, a, { method: 'GET', url: '/app/customers?format=csv' });
    assert.equal(csv.statusCode, 200);
    assert.match(String(csv.headers['content-type']), /^text\/csv/);
    const lines = csv.body.trim().split('\r\n');
    assert.equal(lines.length - 1, await customerCount(t, a.tenantId), 'every customer, not one page');
    assert.match(csv.body, /'=HYPERLINK/);
    const filtered = await asStaff(t, a, { method: 'GET', url: '/app/customers?format=csv&q=evil' });
    assert.equal(filtered.body.trim().split('\r\n').length, 2);

    const badFilter = await asStaff(t, a, { method: 'GET', url: '/app/customers?status=gone', headers: { accept: 'text/html' } });
    assert.equal(badFilter.statusCode, 422);

    const tech = await addStaff(t, a, 'technician');
    const before = await customerCount(t, a.tenantId);
    const refused = await asStaff(t, tech, { method: 'POST', url: '/app/customers', ...form(tech, { firstName: 'Sneaky' }) });
    assert.equal(refused.statusCode, 403);
    assert.equal((await asStaff(t, tech, { method: 'GET', url: '/app/customers/new', headers: { accept: 'text/html' } })).statusCode, 403);
    assert.equal(await customerCount(t, a.tenantId), before);
  });
});
