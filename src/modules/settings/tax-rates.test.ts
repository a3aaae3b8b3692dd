import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { addStaff, asStaff, createTestApp, signUpTenant, type StaffSession, type TestApp } from '../../../test/helpers/app.ts';
import { makePlan } from '../../../test/helpers/factories.ts';
import { withTenant } from '../../db/tenancy.ts';
import { uniqueViolationField } from '../../http/problem.ts';
import { NO_TAX } from '../billing/line-tax.ts';
import { loadTaxRules, taxRuleFor } from '../billing/tax-rules.ts';

const form = (values: Record<string, string>) => ({
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  payload: new URLSearchParams(values).toString(),
});

interface Rate {
  id: string;
  taxClass: string;
  name: string;
  rate: string;
  ratePpm: number;
  inclusive: boolean;
  planCount: number;
}

describe('tax rates', () => {
  let t: TestApp;
  let owner: StaffSession;
  let other: StaffSession;

  before(async () => {
    t = await createTestApp();
    owner = await signUpTenant(t, { companyName: 'Bayan Fiber' });
    other = await signUpTenant(t, { companyName: 'Other ISP' });
  });
  after(async () => {
    await t.close();
  });

  const api = (staff: StaffSession, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) =>
    asStaff(t, staff, { method, url, ...(payload ? { payload } : {}) });
  const rows = (staff: StaffSession) =>
    withTenant(t.app.db, staff.tenantId, (trx) => trx.selectFrom('tax_rates').select(['tax_class', 'name', 'rate_ppm', 'inclusive']).where('tenant_id', '=', staff.tenantId).orderBy('tax_class').execute());
  const audit = (staff: StaffSession, action: string) =>
    withTenant(t.app.db, staff.tenantId, (trx) => trx.selectFrom('audit_events').selectAll().where('tenant_id', '=', staff.tenantId).where('action', '=', action).orderBy('occurred_at').execute());
  const fieldsOf = (res: { json: () => { errors: { field: string }[] } }) => res.json().errors.map((e) => e.field).sort();

  it('API: adds a rate parsed exactly from percent text, lists it, and audits it', async () => {
    const res = await api(owner, 'POST', '/api/v1/tax-rates', { taxClass: 'reduced', name: 'Reduced 7.5%', rate: '7.5', inclusive: false });
    assert.equal(res.statusCode, 201);
    const rate = res.json() as Rate;
    assert.deepEqual([rate.taxClass, rate.name, rate.rate, rate.ratePpm, rate.inclusive], ['reduced', 'Reduced 7.5%', '7.5', 75000, false]);
    const vat = await api(owner, 'POST', '/api/v1/tax-rates', { taxClass: 'standard', name: 'VAT', rate: '12.0001%', inclusive: true });
    assert.equal(vat.statusCode, 201);
    assert.equal(vat.json().ratePpm, 120001);

    const list = await api(owner, 'GET', '/api/v1/tax-rates');
    assert.equal(list.statusCode, 200);
    assert.deepEqual(list.json().items.map((r: Rate) => [r.taxClass, r.ratePpm]), [['reduced', 75000], ['standard', 120001]]);
    const entries = await audit(owner, 'tax_rate.created');
    assert.equal(entries.length, 2);
    // Both at the same clock instant, so found by id rather than by order.
    const created = entries.find((e) => e.entity_id === rate.id);
    assert.equal(created!.actor_id, owner.userId);
    assert.deepEqual(created!.after, { taxClass: 'reduced', name: 'Reduced 7.5%', ratePpm: 75000, inclusive: false });
  });

  it('refuses a taken class, a bad class, name or rate with a 422 naming each field, writing nothing', async () => {
    const before = await rows(owner);
    const taken = await api(owner, 'POST', '/api/v1/tax-rates', { taxClass: 'reduced', name: 'Again', rate: '5', inclusive: false });
    assert.equal(taken.statusCode, 422);
    assert.deepEqual(fieldsOf(taken), ['taxClass']);
    assert.equal(taken.json().errors[0].rule, 'taken');

    for (const rate of ['abc', '101', '7.12345', '-1', '1e2', '', ' ']) {
      const bad = await api(owner, 'POST', '/api/v1/tax-rates', { taxClass: 'fresh', name: 'Fresh', rate, inclusive: false });
      assert.equal(bad.statusCode, 422, `rate "${rate}"`);
      assert.deepEqual(fieldsOf(bad), ['rate'], `rate "${rate}"`);
    }
    const many = await api(owner, 'POST', '/api/v1/tax-rates', { taxClass: 'Standard VAT', name: 'x'.repeat(61), rate: '12', inclusive: true });
    assert.equal(many.statusCode, 422);
    assert.deepEqual(fieldsOf(many), ['name', 'taxClass']);
    const blank = await api(owner, 'POST', '/api/v1/tax-rates', { taxClass: '', name: '  ', rate: '12', inclusive: true });
    assert.deepEqual(fieldsOf(blank), ['name', 'taxClass']);
    const missing = await api(owner, 'POST', '/api/v1/tax-rates', { taxClass: 'fresh', name: 'Fresh', rate: '12' });
    assert.equal(missing.statusCode, 422);

    const renamed = await api(owner, 'PATCH', `/api/v1/tax-rates/${(await api(owner, 'GET', '/api/v1/tax-rates')).json().items[0].id}`, { taxClass: 'standard', rate: '200' });
    assert.equal(renamed.statusCode, 422);
    assert.deepEqual(fieldsOf(renamed), ['rate', 'taxClass']);
    assert.deepEqual(await rows(owner), before);
    assert.equal((await audit(owner, 'tax_rate.updated')).length, 0);
  });

  it('maps a unique violation that races past the check to a 422 on taxClass', async () => {
    const err = await withTenant(t.app.db, owner.tenantId, (trx) =>
      trx.insertInto('tax_rates').values({ tenant_id: owner.tenantId, tax_class: 'reduced', name: 'Race', rate_ppm: 1, inclusive: false }).execute(),
    ).then(
      () => undefined,
      (e: unknown) => e,
    );
    assert.deepEqual(uniqueViolationField(err), { field: 'taxClass', rule: 'taken', message: 'A tax rate for this class already exists' });
  });

  it('API: edits only the given fields, audits before and after, and deletes', async () => {
    const items = (await api(owner, 'GET', '/api/v1/tax-rates')).json().items as Rate[];
    const reduced = items.find((r) => r.taxClass === 'reduced')!;
    t.clock.advance(1000);
    const res = await api(owner, 'PATCH', `/api/v1/tax-rates/${reduced.id}`, { rate: '5', inclusive: true });
    assert.equal(res.statusCode, 200);
    assert.deepEqual([res.json().name, res.json().ratePpm, res.json().rate, res.json().inclusive], ['Reduced 7.5%', 50000, '5', true]);
    const [updated] = await audit(owner, 'tax_rate.updated');
    assert.deepEqual(updated!.before, { taxClass: 'reduced', name: 'Reduced 7.5%', ratePpm: 75000, inclusive: false });
    assert.deepEqual(updated!.after, { taxClass: 'reduced', name: 'Reduced 7.5%', ratePpm: 50000, inclusive: true });
    // Nothing changed, nothing audited.
    await api(owner, 'PATCH', `/api/v1/tax-rates/${reduced.id}`, { rate: '5.0' });
    assert.equal((await audit(owner, 'tax_rate.updated')).length, 1);

    const del = await api(owner, 'DELETE', `/api/v1/tax-rates/${reduced.id}`);
    assert.equal(del.statusCode, 204);
    assert.deepEqual((await rows(owner)).map((r) => r.tax_class), ['standard']);
    const [deleted] = await audit(owner, 'tax_rate.deleted');
    assert.deepEqual(deleted!.before, { taxClass: 'reduced', name: 'Reduced 7.5%', ratePpm: 50000, inclusive: true });
    assert.equal((await api(owner, 'DELETE', `/api/v1/tax-rates/${reduced.id}`)).statusCode, 404);
  });

  it("answers 404 for another tenant's rate and changes nothing; the class is free in each tenant", async () => {
    const theirs = await api(other, 'POST', '/api/v1/tax-rates', { taxClass: 'standard', name: 'Their VAT', rate: '16', inclusive: true });
    assert.equal(theirs.statusCode, 201, 'the same class in another tenant is no clash');
    const id = theirs.json().id as string;
    assert.equal((await api(owner, 'PATCH', `/api/v1/tax-rates/${id}`, { rate: '0' })).statusCode, 404);
    assert.equal((await api(owner, 'DELETE', `/api/v1/tax-rates/${id}`)).statusCode, 404);
    assert.equal((await asStaff(t, owner, { method: 'GET', url: `/app/settings/tax-rates/${id}/edit`, headers: { accept: 'text/html' } })).statusCode, 404);
    assert.equal((await asStaff(t, owner, { method: 'POST', url: `/app/settings/tax-rates/${id}/delete`, headers: { accept: 'text/html' } })).statusCode, 404);
    assert.deepEqual(await rows(other), [{ tax_class: 'standard', name: 'Their VAT', rate_ppm: 160000, inclusive: true }]);
    assert.ok(!(await api(owner, 'GET', '/api/v1/tax-rates')).json().items.some((r: Rate) => r.id === id));
  });

  it('documents the tax rate routes and the billing settings fields in the OpenAPI document', async () => {
    type Doc = { paths: Record<string, Record<string, { tags: string[] }>> };
    const doc = (await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json<Doc>();
    assert.deepEqual(doc.paths['/api/v1/tax-rates/{id}']?.patch?.tags, ['settings']);
    assert.deepEqual(doc.paths['/api/v1/tax-rates/{id}']?.delete?.tags, ['settings']);
    assert.ok(doc.paths['/api/v1/tax-rates']?.post);
    const patchBody = JSON.stringify(doc.paths['/api/v1/settings']?.patch);
    for (const field of ['billingDayPolicy', 'paymentTermsDays', 'invoicePrefix', 'receiptKind', 'billingRunHour']) assert.ok(patchBody.includes(`"${field}"`), field);
  });

  it('needs settings.read to list and settings.manage to change', async () => {
    const reader = await addStaff(t, owner, 'read_only');
    assert.equal((await api(reader, 'GET', '/api/v1/tax-rates')).statusCode, 200);
    assert.equal((await api(reader, 'POST', '/api/v1/tax-rates', { taxClass: 'x', name: 'X', rate: '1', inclusive: false })).statusCode, 403);
    const support = await addStaff(t, owner, 'support');
    assert.equal((await api(support, 'GET', '/api/v1/tax-rates')).statusCode, 403);
    assert.equal((await t.app.inject({ method: 'GET', url: '/api/v1/tax-rates' })).statusCode, 401);
  });

  it('pages: add, re-render with errors, edit, delete; warn about plan classes without a rate and say changes are for future invoices', async () => {
    await makePlan(t, owner, { tax_class: 'vat_exempt' });
    await makePlan(t, owner, { tax_class: 'standard' });
    let page = await asStaff(t, owner, { method: 'GET', url: '/app/settings/billing' });
    assert.match(page.body, /data-testid="untaxed-classes"/);
    assert.match(page.body, /<code>vat_exempt<\/code> \(1 plan\)/);
    assert.match(page.body, /Lines already invoiced keep the rate they were issued with/);

    const bad = await asStaff(t, owner, { method: 'POST', url: '/app/settings/tax-rates', ...form({ taxClass: 'vat_exempt', name: 'Exempt', rate: 'zero', inclusive: 'false' }) });
    assert.equal(bad.statusCode, 422);
    assert.match(bad.body, /Rate is a percent from 0 to 100/);
    assert.match(bad.body, /value="zero"/, 'keeps what was typed');

    const add = await asStaff(t, owner, { method: 'POST', url: '/app/settings/tax-rates', ...form({ taxClass: 'vat_exempt', name: 'VAT exempt', rate: '0', inclusive: 'true' }) });
    assert.equal(add.statusCode, 303);
    page = await asStaff(t, owner, { method: 'GET', url: '/app/settings/billing?notice=rate_added' });
    assert.doesNotMatch(page.body, /data-testid="untaxed-classes"/);
    assert.match(page.body, /Tax rate added/);
    const exempt = ((await api(owner, 'GET', '/api/v1/tax-rates')).json().items as Rate[]).find((r) => r.taxClass === 'vat_exempt')!;
    assert.deepEqual([exempt.ratePpm, exempt.inclusive, exempt.planCount], [0, true, 1]);

    const edit = await asStaff(t, owner, { method: 'GET', url: `/app/settings/tax-rates/${exempt.id}/edit` });
    assert.equal(edit.statusCode, 200);
    assert.match(edit.body, /name="rate" type="text" value="0"/);
    assert.match(edit.body, /<option value="true" selected>/);
    assert.match(edit.body, /Renaming the class leaves the plan in “vat_exempt” without a rate/);
    const dup = await asStaff(t, owner, { method: 'POST', url: `/app/settings/tax-rates/${exempt.id}`, ...form({ taxClass: 'standard', name: 'VAT exempt', rate: '0', inclusive: 'true' }) });
    assert.equal(dup.statusCode, 422);
    assert.match(dup.body, /A tax rate for this class already exists/);
    const save = await asStaff(t, owner, { method: 'POST', url: `/app/settings/tax-rates/${exempt.id}`, ...form({ taxClass: 'vat_exempt', name: 'Zero-rated', rate: '0', inclusive: 'false' }) });
    assert.equal(save.statusCode, 303);
    assert.deepEqual((await rows(owner)).find((r) => r.tax_class === 'vat_exempt'), { tax_class: 'vat_exempt', name: 'Zero-rated', rate_ppm: 0, inclusive: false });

    page = await asStaff(t, owner, { method: 'GET', url: '/app/settings/billing' });
    assert.match(page.body, /Invoices already issued keep their tax/);
    const del = await asStaff(t, owner, { method: 'POST', url: `/app/settings/tax-rates/${exempt.id}/delete` });
    assert.equal(del.statusCode, 303);
    assert.ok(!(await rows(owner)).some((r) => r.tax_class === 'vat_exempt'));

    const reader = await addStaff(t, owner, 'read_only');
    const read = await asStaff(t, reader, { method: 'GET', url: '/app/settings/billing' });
    assert.match(read.body, /data-testid="tax-rates"/);
    assert.doesNotMatch(read.body, /Add tax rate|Delete tax rate|\/edit"/);
    assert.equal((await asStaff(t, reader, { method: 'POST', url: '/app/settings/tax-rates', ...form({ taxClass: 'x', name: 'X', rate: '1', inclusive: 'false' }) })).statusCode, 403);
  });

  it("loadTaxRules returns the tenant's own stored rates; taxRuleFor gives NO_TAX for a class without one", async () => {
    const rules = await withTenant(t.app.db, owner.tenantId, (trx) => loadTaxRules(trx, owner.tenantId));
    assert.deepEqual([...rules.keys()], ['standard']);
    assert.deepEqual(taxRuleFor(rules, 'standard'), { taxClass: 'standard', name: 'VAT', ratePpm: 120001, inclusive: true });
    assert.equal(taxRuleFor(rules, 'vat_exempt'), NO_TAX);
    assert.equal(taxRuleFor(rules, null), NO_TAX);
    const theirs = await withTenant(t.app.db, other.tenantId, (trx) => loadTaxRules(trx, other.tenantId));
    assert.deepEqual(taxRuleFor(theirs, 'standard'), { taxClass: 'standard', name: 'Their VAT', ratePpm: 160000, inclusive: true });
  });
});
