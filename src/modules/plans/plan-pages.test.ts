import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { addStaff, asStaff, createTestApp, signUpTenant, type StaffSession, type TestApp } from '../../../test/helpers/app.ts';
import { makeCustomer, makePlan, makeService } from '../../../test/helpers/factories.ts';
import { withPlatform } from '../../db/tenancy.ts';

function post(t: TestApp, staff: StaffSession, url: string, data: Record<string, string>) {
  return asStaff(t, staff, {
    method: 'POST',
    url,
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
    payload: new URLSearchParams({ _csrf: staff.csrf, ...data }).toString(),
  });
}

const page = (t: TestApp, staff: StaffSession, url: string) => asStaff(t, staff, { method: 'GET', url, headers: { accept: 'text/html' } });

const form = (overrides: Record<string, string> = {}) => ({
  name: 'Fiber 50',
  downloadMbps: '50',
  uploadMbps: '20',
  price: '1,499.00',
  periodCount: '1',
  periodUnit: 'month',
  setupFee: '',
  taxClass: 'standard',
  description: '',
  ...overrides,
});

describe('plans pages', () => {
  let t: TestApp;
  let owner: StaffSession;

  const planNamed = (tenantId: string, name: string) =>
    withPlatform(t.app.db, (trx) => trx.selectFrom('service_plans').selectAll().where('tenant_id', '=', tenantId).where('name', '=', name).executeTakeFirst());

  async function tenantIn(currency: string, locale = 'en'): Promise<StaffSession> {
    const staff = await signUpTenant(t, { companyName: `${currency} Net` });
    const res = await asStaff(t, staff, { method: 'PATCH', url: '/api/v1/settings', payload: { currency, locale } });
    assert.equal(res.statusCode, 200, res.body);
    return staff;
  }

  before(async () => {
    t = await createTestApp();
    owner = await signUpTenant(t, { companyName: 'Bayan Fiber' });
  });
  after(async () => {
    await t.close();
  });

  it('creates a plan from major-unit amounts and lists it with the price in the tenant locale', async () => {
    const blank = await page(t, owner, '/app/plans/new');
    assert.equal(blank.statusCode, 200);
    assert.match(blank.body, /Price per billing period \(PHP\)/);
    const res = await post(t, owner, '/app/plans', form({ setupFee: '500' }));
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, '/app/plans?notice=created');
    const plan = await planNamed(owner.tenantId, 'Fiber 50');
    assert.equal(plan?.price_minor, 149900);
    assert.equal(plan?.setup_fee_minor, 50000);
    const list = await page(t, owner, '/app/plans');
    assert.equal(list.statusCode, 200);
    assert.match(list.body, /₱1,499\.00 \/ month/);
    assert.match(list.body, /50\/20 Mbps/);
  });

  it('parses whole yen and three-decimal dinar amounts, and refuses more decimals than the currency has', async () => {
    const yen = await tenantIn('JPY', 'ja-JP');
    assert.equal((await post(t, yen, '/app/plans', form({ price: '1,500', setupFee: '3000' }))).statusCode, 303);
    assert.equal((await planNamed(yen.tenantId, 'Fiber 50'))?.price_minor, 1500);
    assert.equal((await planNamed(yen.tenantId, 'Fiber 50'))?.currency, 'JPY');
    const yenBad = await post(t, yen, '/app/plans', form({ name: 'Half yen', price: '1500.50' }));
    assert.equal(yenBad.statusCode, 422);
    assert.match(yenBad.body, /Price: enter a whole amount in JPY, e\.g\. 1,500/);
    assert.equal(await planNamed(yen.tenantId, 'Half yen'), undefined);
    assert.match((await page(t, yen, '/app/plans')).body, /￥1,500 \/ month/);

    const dinar = await tenantIn('BHD');
    assert.equal((await post(t, dinar, '/app/plans', form({ price: '12.345' }))).statusCode, 303);
    assert.equal((await planNamed(dinar.tenantId, 'Fiber 50'))?.price_minor, 12345);
    const dinarBad = await post(t, dinar, '/app/plans', form({ name: 'Too fine', price: '12.3456' }));
    assert.equal(dinarBad.statusCode, 422);
    assert.match(dinarBad.body, /at most 3 decimals, e\.g\. 1,499\.000/);
    const edit = await page(t, dinar, `/app/plans/${(await planNamed(dinar.tenantId, 'Fiber 50'))?.id}/edit`);
    assert.match(edit.body, /name="price" inputmode="decimal" value="12\.345"/, 'the edit form shows the stored amount in major units');
  });

  it('shows every wrong field at once with the typed values, and saves nothing', async () => {
    const res = await post(t, owner, '/app/plans', form({ name: 'fiber 50', downloadMbps: '0', uploadMbps: 'fast', price: 'abc', setupFee: '-5', periodUnit: 'day', periodCount: '', taxClass: 'VAT!' }));
    assert.equal(res.statusCode, 422);
    for (const message of [
      'A plan with this name already exists',
      'Download speed must be between 1 and 100,000',
      'Upload speed must be a whole number',
      'Price: enter an amount in PHP',
      'Setup fee: enter an amount in PHP',
      'Enter the number of days in one billing period',
      'Tax class is a key in lower case',
    ]) {
      assert.ok(res.body.includes(message), `shows “${message}”`);
    }
    assert.match(res.body, /value="fast"/);
    const plans = await withPlatform(t.app.db, (trx) => trx.selectFrom('service_plans').select('id').where('tenant_id', '=', owner.tenantId).execute());
    assert.equal(plans.length, 1);
  });

  it('edits a plan in use with a note about billing, and offers only retirement when deleting is refused', async () => {
    const plan = await planNamed(owner.tenantId, 'Fiber 50');
    assert.ok(plan);
    const customer = await makeCustomer(t, owner);
    await makeService(t, owner, { customerId: customer.id, planId: plan.id });
    const edit = await page(t, owner, `/app/plans/${plan.id}/edit`);
    assert.equal(edit.statusCode, 200);
    assert.match(edit.body, /1 service is on this plan\. A new price or speed applies to them too/);
    assert.match(edit.body, /next billing period/);
    assert.equal((await post(t, owner, `/app/plans/${plan.id}`, form({ price: '1,599.50', periodUnit: 'day', periodCount: '30' }))).statusCode, 303);
    const saved = await planNamed(owner.tenantId, 'Fiber 50');
    assert.equal(saved?.price_minor, 159950);
    assert.equal(saved?.period_unit, 'day');
    assert.equal(saved?.period_count, 30);
    assert.equal(saved?.setup_fee_minor, null, 'an emptied setup fee is removed');

    const refused = await post(t, owner, `/app/plans/${plan.id}/delete`, {});
    assert.equal(refused.statusCode, 409);
    assert.match(refused.body, /cannot be deleted\. Retire it instead/);
    assert.equal((await post(t, owner, `/app/plans/${plan.id}/retire`, {})).statusCode, 303);
    assert.equal((await planNamed(owner.tenantId, 'Fiber 50'))?.active, false);
    const retiredList = await page(t, owner, '/app/plans?status=retired');
    assert.match(retiredList.body, /Fiber 50/);
    assert.match(retiredList.body, /Reactivate/);
    assert.equal((await post(t, owner, `/app/plans/${plan.id}/reactivate`, {})).statusCode, 303);
    assert.equal((await planNamed(owner.tenantId, 'Fiber 50'))?.active, true);

    const spare = await makePlan(t, owner, { name: 'Spare' });
    const list = await page(t, owner, '/app/plans');
    assert.match(list.body, /Delete “Spare” for good\?/, 'delete asks for confirmation first');
    assert.equal((await post(t, owner, `/app/plans/${spare.id}/delete`, {})).statusCode, 303);
    assert.equal(await planNamed(owner.tenantId, 'Spare'), undefined);
  });

  it('exports every matching plan as CSV with exact amounts', async () => {
    await makePlan(t, owner, { name: '=SUM(A1)', price_minor: 99900, description: 'formula' });
    const csv = await page(t, owner, '/app/plans?format=csv&sort=price');
    assert.equal(csv.statusCode, 200);
    assert.match(String(csv.headers['content-type']), /^text\/csv/);
    const lines = csv.body.trim().split('\r\n');
    assert.equal(lines[0], 'name,download_mbps,upload_mbps,price,price_minor,currency,period_unit,period_count,setup_fee,tax_class,description,status,services,external_ref,created_at,id');
    assert.equal(lines.length, 3);
    assert.ok(lines[1]?.startsWith("'=SUM(A1),50,50,999.00,99900,PHP,month,1,,standard,formula,active,0,,"), lines[1]);
    assert.ok(lines[2]?.startsWith('Fiber 50,50,20,1599.50,159950,PHP,day,30,,standard,,active,1,,'), lines[2]);
    const filtered = await page(t, owner, '/app/plans?format=csv&q=fiber');
    assert.equal(filtered.body.trim().split('\r\n').length, 2, 'the export holds exactly what the filters select');
  });

  it('shows read-only staff the list without actions and refuses support staff changes', async () => {
    const readOnly = await addStaff(t, owner, 'read_only');
    const list = await page(t, readOnly, '/app/plans');
    assert.equal(list.statusCode, 200);
    assert.match(list.body, /Fiber 50/);
    assert.doesNotMatch(list.body, /New plan|Retire…|Delete…/);
    assert.equal((await page(t, readOnly, '/app/plans/new')).statusCode, 403);
    const support = await addStaff(t, owner, 'support');
    assert.equal((await post(t, support, '/app/plans', form({ name: 'Support plan' }))).statusCode, 403);
    assert.equal(await planNamed(owner.tenantId, 'Support plan'), undefined);
  });
});
