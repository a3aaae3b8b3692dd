import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { addStaff, asStaff, createTestApp, signUpTenant, type StaffSession, type TestApp } from '../../../test/helpers/app.ts';
import { makeArea, makeCustomer } from '../../../test/helpers/factories.ts';
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

describe('areas pages', () => {
  let t: TestApp;
  let owner: StaffSession;

  const areaNamed = (name: string) =>
    withPlatform(t.app.db, (trx) => trx.selectFrom('service_areas').selectAll().where('tenant_id', '=', owner.tenantId).where('name', '=', name).executeTakeFirst());

  before(async () => {
    t = await createTestApp();
    owner = await signUpTenant(t, { companyName: 'Bayan Fiber' });
  });
  after(async () => {
    await t.close();
  });

  it('adds a top-level area and a sub-area inline, and draws the tree with customer counts', async () => {
    const empty = await page(t, owner, '/app/areas');
    assert.equal(empty.statusCode, 200);
    assert.match(empty.body, /No areas yet/);

    const top = await post(t, owner, '/app/areas', { name: 'Cavite', code: 'CAV', kind: 'Province', parentId: '' });
    assert.equal(top.statusCode, 303);
    assert.equal(top.headers.location, '/app/areas?notice=created');
    const cavite = await areaNamed('Cavite');
    assert.ok(cavite);
    assert.equal((await post(t, owner, '/app/areas', { name: 'Imus', kind: 'City', parentId: cavite.id })).statusCode, 303);
    const imus = await areaNamed('Imus');
    assert.equal(imus?.parent_id, cavite.id);
    await makeCustomer(t, owner, { area_id: imus.id });
    await makeCustomer(t, owner, { area_id: imus.id });
    await makeCustomer(t, owner, { area_id: cavite.id });

    const tree = await page(t, owner, '/app/areas');
    assert.equal(tree.statusCode, 200);
    const caviteItem = new RegExp(`data-area-id="${cavite.id}"[\\s\\S]*?Cavite[\\s\\S]*?1 customer \\(3 with sub-areas\\)[\\s\\S]*?data-area-id="${imus.id}"[\\s\\S]*?Imus[\\s\\S]*?2 customers`);
    assert.match(tree.body, caviteItem, 'Imus is drawn inside Cavite, with direct and total counts');
    assert.match(tree.body, /Add under Imus/);
  });

  it('shows a failed inline form again, open, with its message, and saves nothing', async () => {
    const parent = await areaNamed('Cavite');
    assert.ok(parent);
    const res = await post(t, owner, '/app/areas', { name: 'imus', code: '', kind: '', parentId: parent.id });
    assert.equal(res.statusCode, 422);
    assert.match(res.body, /An area with this name already exists under the same parent/);
    assert.match(res.body, /<details class="area-add-child" open/);
    assert.match(res.body, /value="imus"/, 'the typed value is kept');
    const count = await withPlatform(t.app.db, (trx) => trx.selectFrom('service_areas').select('id').where('tenant_id', '=', owner.tenantId).execute());
    assert.equal(count.length, 2);
  });

  it('edits an area, refusing a move under its own sub-area with a message on the parent field', async () => {
    const cavite = await areaNamed('Cavite');
    const imus = await areaNamed('Imus');
    assert.ok(cavite && imus);
    const form = await page(t, owner, `/app/areas/${cavite.id}/edit`);
    assert.equal(form.statusCode, 200);
    assert.doesNotMatch(form.body, new RegExp(`<option value="${imus.id}"`), 'its own sub-areas are not offered as parents');

    const cycle = await post(t, owner, `/app/areas/${cavite.id}`, { name: 'Cavite Province', code: 'CAV', kind: 'Province', parentId: imus.id });
    assert.equal(cycle.statusCode, 422);
    assert.match(cycle.body, /an area cannot move under one of its own sub-areas/);
    assert.match(cycle.body, /value="Cavite Province"/);
    assert.equal((await areaNamed('Cavite'))?.parent_id, null, 'nothing saved');

    const ok = await post(t, owner, `/app/areas/${imus.id}`, { name: 'Imus City', code: 'IMS', kind: 'City', parentId: cavite.id });
    assert.equal(ok.statusCode, 303);
    assert.equal((await areaNamed('Imus City'))?.code, 'IMS');
  });

  it('deactivates, reactivates and deletes from the page, and explains a refused delete', async () => {
    const cavite = await areaNamed('Cavite');
    assert.ok(cavite);
    const refused = await post(t, owner, `/app/areas/${cavite.id}/delete`, {});
    assert.equal(refused.statusCode, 409);
    assert.match(refused.body, /is used by 1 sub-area and 1 customer/);
    assert.equal((await post(t, owner, `/app/areas/${cavite.id}/deactivate`, {})).statusCode, 303);
    assert.equal((await areaNamed('Cavite'))?.active, false);
    assert.equal((await post(t, owner, `/app/areas/${cavite.id}/reactivate`, {})).statusCode, 303);
    assert.equal((await areaNamed('Cavite'))?.active, true);
    const spare = await makeArea(t, owner, { name: 'Spare' });
    assert.equal((await post(t, owner, `/app/areas/${spare.id}/delete`, {})).statusCode, 303);
    assert.equal(await areaNamed('Spare'), undefined);
  });

  it('searches as a flat list and exports every matching row as formula-safe CSV', async () => {
    const cavite = await areaNamed('Cavite');
    assert.ok(cavite);
    await makeArea(t, owner, { name: '=HYPERLINK("x")', parent_id: cavite.id, code: null });
    const list = await page(t, owner, '/app/areas?q=imus');
    assert.equal(list.statusCode, 200);
    assert.match(list.body, /<td>Cavite > Imus City<\/td>/);
    assert.doesNotMatch(list.body, /<td>Cavite<\/td>/);
    assert.match(list.body, /format=csv/);

    const csv = await page(t, owner, '/app/areas?format=csv');
    assert.equal(csv.statusCode, 200);
    assert.match(String(csv.headers['content-type']), /^text\/csv/);
    assert.match(String(csv.headers['content-disposition']), /filename="areas-2026-11-27\.csv"/);
    const lines = csv.body.trim().split('\r\n');
    assert.equal(lines[0], 'path,name,code,kind,active,depth,external_ref,created_at,id,parent_id');
    assert.equal(lines.length, 4, 'header and every area');
    assert.equal(lines[1]?.split(',')[0], 'Cavite');
    // A name that is a formula is neutralised with a leading quote.
    assert.ok(lines[2]?.startsWith('"Cavite > =HYPERLINK(""x"")","\'=HYPERLINK(""x"")",'), lines[2]);
    assert.match(csv.body, /\r\nCavite > Imus City,Imus City,IMS,City,no,1,/, 'still inactive: reactivating Cavite brought back Cavite only');
  });

  it('shows read-only staff the tree without forms and refuses their changes', async () => {
    const readOnly = await addStaff(t, owner, 'read_only');
    const tree = await page(t, readOnly, '/app/areas');
    assert.equal(tree.statusCode, 200);
    assert.match(tree.body, /Imus City/);
    assert.doesNotMatch(tree.body, /Add a top-level area|Add under/);
    const support = await addStaff(t, owner, 'support');
    assert.equal((await post(t, support, '/app/areas', { name: 'Nope', parentId: '' })).statusCode, 403);
    assert.equal(await areaNamed('Nope'), undefined);
  });
});
