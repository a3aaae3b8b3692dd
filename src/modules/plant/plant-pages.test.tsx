import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { renderToString } from 'preact-render-to-string';
import { addStaff, asStaff, createTestApp, signUpTenant, type StaffSession, type TestApp } from '../../../test/helpers/app.ts';
import { makeCustomer, makeInstallation, makePlantBranch } from '../../../test/helpers/factories.ts';
import { withTenant } from '../../db/tenancy.ts';
import { PortPicker } from './port-picker-view.tsx';
import { loadPortChoices } from './port-picker-data.ts';

const html = { accept: 'text/html' };

function page(t: TestApp, who: StaffSession, url: string) {
  return asStaff(t, who, { method: 'GET', url, headers: html });
}

function post(t: TestApp, who: StaffSession, url: string, fields: Record<string, string>) {
  return asStaff(t, who, {
    method: 'POST',
    url,
    headers: { ...html, 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ _csrf: who.csrf, ...fields }).toString(),
  });
}

async function lcpCount(t: TestApp, who: StaffSession): Promise<number> {
  return withTenant(t.app.db, who.tenantId, async (trx) => Number((await trx.selectFrom('lcps').select((eb) => eb.fn.countAll<number>().as('n')).where('tenant_id', '=', who.tenantId).executeTakeFirstOrThrow()).n));
}

describe('fiber plant pages', () => {
  let t: TestApp;
  let a: StaffSession;
  before(async () => {
    t = await createTestApp();
    a = await signUpTenant(t, { companyName: 'Alpha Fiber' });
  });
  after(async () => {
    await t.close();
  });

  it('sets up LCP > splitter > NAP through the forms, re-showing a wrong form with inline messages and saving nothing', async () => {
    const form = await page(t, a, '/app/network/lcps/new');
    assert.equal(form.statusCode, 200);
    assert.match(form.body, /data-location-picker/);
    const before = await lcpCount(t, a);
    const bad = await post(t, a, '/app/network/lcps', { code: '', name: 'Tanza cabinet', portCount: '300', latitude: '14.4', longitude: '' });
    assert.equal(bad.statusCode, 422);
    assert.match(bad.body, /Code is required/);
    assert.match(bad.body, /Port count must be from 1 to 256/);
    assert.match(bad.body, /Give both latitude and longitude/);
    assert.match(bad.body, /value="Tanza cabinet"/, 'typed values are kept');
    assert.equal(await lcpCount(t, a), before);

    const created = await post(t, a, '/app/network/lcps', { code: 'TZ-1', name: 'Tanza cabinet', portCount: '4', latitude: '14.4', longitude: '120.9', coverageRadiusM: '600' });
    assert.equal(created.statusCode, 303);
    const lcpUrl = String(created.headers.location).split('?')[0]!;
    const lcpPage = await page(t, a, lcpUrl);
    assert.match(lcpPage.body, /Add a splitter/);
    assert.match(lcpPage.body, /<option value="4">Port 4<\/option>/);

    const badSplitter = await post(t, a, `${lcpUrl}/splitters`, { code: 'SP-1', ratio: '3', lcpPort: '9' });
    assert.equal(badSplitter.statusCode, 422);
    assert.match(badSplitter.body, /Ratio must be one of 1:2, 1:4/);
    assert.match(badSplitter.body, /LCP port must be from 1 to 4/);
    const splitter = await post(t, a, `${lcpUrl}/splitters`, { code: 'SP-1', ratio: '8', lcpPort: '2' });
    assert.equal(splitter.statusCode, 303);
    const splitterUrl = String(splitter.headers.location).split('?')[0]!;
    const splitterPage = await page(t, a, splitterUrl);
    assert.match(splitterPage.body, /Add a NAP box/);
    assert.match(splitterPage.body, /feeder port 2/);

    const nap = await post(t, a, `${splitterUrl}/naps`, { code: 'NAP-1', name: 'Rizal St', splitterPort: '3', portCount: '4', latitude: '14.41', longitude: '120.91' });
    assert.equal(nap.statusCode, 303);
    const napPage = await page(t, a, String(nap.headers.location));
    assert.match(napPage.body, /NAP added, with its ports/);
    assert.equal((napPage.body.match(/data-status="free"/g) ?? []).length, 4);
  });

  it('shows the tree with utilisation down to the customer on each port, and filters it by LCP', async () => {
    const plant = await makePlantBranch(t, a, { napPorts: 4 });
    const other = await makePlantBranch(t, a, { napPorts: 2 });
    const c = await makeCustomer(t, a, { first_name: 'Ligaya', last_name: 'Ramos' });
    await makeInstallation(t, a, { customerId: c.id, napPortId: plant.ports[1]!.id, status: 'active' });
    const all = await page(t, a, '/app/network');
    assert.equal(all.statusCode, 200);
    assert.match(all.body, new RegExp(`LCP ${plant.lcp.code}`));
    assert.match(all.body, new RegExp(`LCP ${other.lcp.code}`));
    const one = await page(t, a, `/app/network?lcpId=${plant.lcp.id}`);
    assert.doesNotMatch(one.body, new RegExp(`LCP ${other.lcp.code}<`));
    assert.match(one.body, new RegExp(`data-port="2" data-status="taken"><span class="port-number">2</span> <a href="/app/customers/${c.id}">${c.account_number}</a> <span>Ligaya Ramos</span>`));
    assert.match(one.body, /data-used="1" data-total="4" data-free="3"/);
  });

  it('toggles a port out of service from the NAP page, and refuses while a customer holds it', async () => {
    const plant = await makePlantBranch(t, a, { napPorts: 2 });
    const c = await makeCustomer(t, a);
    await makeInstallation(t, a, { customerId: c.id, napPortId: plant.ports[0]!.id, status: 'active' });
    const off = await post(t, a, `/app/network/nap-ports/${plant.ports[1]!.id}`, { outOfService: 'true' });
    assert.equal(off.statusCode, 303);
    const napPage = await page(t, a, String(off.headers.location));
    assert.match(napPage.body, /data-port="2" data-status="out_of_service"/);
    const refused = await post(t, a, `/app/network/nap-ports/${plant.ports[0]!.id}`, { outOfService: 'true' });
    assert.equal(refused.statusCode, 422);
    assert.match(refused.body, new RegExp(`serves customer ${c.account_number}`));
  });

  it('answers a deactivation with live customers with the reason on the page (409)', async () => {
    const plant = await makePlantBranch(t, a, { napPorts: 2 });
    const c = await makeCustomer(t, a);
    await makeInstallation(t, a, { customerId: c.id, napPortId: plant.ports[0]!.id, status: 'suspended' });
    const res = await post(t, a, `/app/network/naps/${plant.nap.id}/deactivate`, {});
    assert.equal(res.statusCode, 409);
    assert.match(res.body, new RegExp(`NAP ${plant.nap.code} cannot be deactivated: 1 live installation \\(customers ${c.account_number}\\)`));
  });

  it('lists, filters and exports LCPs and NAPs as CSV', async () => {
    const plant = await makePlantBranch(t, a, { napPorts: 1, lcp: { name: '=HYPERLINK("x")' } });
    const c = await makeCustomer(t, a);
    await makeInstallation(t, a, { customerId: c.id, napPortId: plant.ports[0]!.id, status: 'active' });
    const full = await page(t, a, '/app/network/naps?hasFree=false');
    assert.equal(full.statusCode, 200);
    assert.match(full.body, new RegExp(`>${plant.nap.code}</a>`));
    const free = await page(t, a, '/app/network/naps?hasFree=true');
    assert.doesNotMatch(free.body, new RegExp(`>${plant.nap.code}</a>`));
    const csv = await page(t, a, `/app/network/naps?format=csv&lcpId=${plant.lcp.id}`);
    assert.match(String(csv.headers['content-type']), /^text\/csv/);
    const lines = csv.body.trim().split('\r\n');
    assert.equal(lines[0], 'lcp,splitter,splitter_port,code,name,active,address,latitude,longitude,ports,used,out_of_service,free,external_ref');
    assert.equal(lines.length, 2);
    assert.ok(lines[1]!.startsWith(`${plant.lcp.code},${plant.splitter.code},1,${plant.nap.code},`));
    assert.ok(lines[1]!.includes(',1,1,0,0,'), lines[1]);
    const lcpCsv = await page(t, a, '/app/network/lcps?format=csv&sort=name&dir=desc');
    assert.match(lcpCsv.body, /'=HYPERLINK/, 'formula cells are neutralised');
    const sorted = await page(t, a, '/app/network/lcps?sort=ports&dir=desc&active=true');
    assert.equal(sorted.statusCode, 200);
    assert.match(sorted.body, /aria-sort="descending"/);
  });

  it('serves the port picker: the cascade opens on a chosen port and the grid disables taken ports, showing the account number', async () => {
    const plant = await makePlantBranch(t, a, { napPorts: 3 });
    const c = await makeCustomer(t, a);
    await makeInstallation(t, a, { customerId: c.id, napPortId: plant.ports[0]!.id, status: 'active' });
    const support = await addStaff(t, a, 'support');
    const opened = await page(t, support, `/app/network/picker?napPortId=${plant.ports[1]!.id}`);
    assert.equal(opened.statusCode, 200);
    assert.doesNotMatch(opened.body, /<html/, 'a fragment, not a page');
    assert.match(opened.body, new RegExp(`<option value="${plant.lcp.id}" selected>`));
    assert.match(opened.body, new RegExp(`<option value="${plant.nap.id}" selected>`));
    assert.match(opened.body, new RegExp(`data-port="1" data-status="taken"><input type="radio" name="napPortId" value="${plant.ports[0]!.id}" disabled/><span class="port-number">1</span><span class="port-note">${c.account_number}</span>`));
    assert.match(opened.body, new RegExp(`value="${plant.ports[1]!.id}" checked/>`));
    // Choosing an LCP shows its splitters and nothing below until one is chosen.
    const step = await page(t, support, `/app/network/picker?pickerLcpId=${plant.lcp.id}`);
    assert.match(step.body, /name="pickerSplitterId"/);
    assert.doesNotMatch(step.body, /name="pickerNapId"/);
    // A NAP from a different LCP than the one chosen is dropped, not trusted.
    const other = await makePlantBranch(t, a, { napPorts: 1 });
    const mixed = await page(t, support, `/app/network/picker?pickerLcpId=${plant.lcp.id}&pickerSplitterId=${other.splitter.id}&pickerNapId=${other.nap.id}`);
    assert.doesNotMatch(mixed.body, /data-testid="port-grid"/);
  });

  it('renders the picker without JavaScript as a select of free ports grouped by LCP / splitter / NAP', async () => {
    const plant = await makePlantBranch(t, a, { napPorts: 3 });
    const c = await makeCustomer(t, a);
    const held = await makeInstallation(t, a, { customerId: c.id, napPortId: plant.ports[0]!.id, status: 'active' });
    void held;
    const choices = await withTenant(t.app.db, a.tenantId, (trx) =>
      loadPortChoices({ tenantId: a.tenantId, trx, now: t.clock.now, actor: { type: 'user', id: a.userId, label: 'x', isOwner: false, permissions: new Set(['customers.read']) } }, { selectedNapPortId: plant.ports[0]!.id }),
    );
    const group = choices.groups.find((g) => g.label === `${plant.lcp.code} / ${plant.splitter.code} / ${plant.nap.code}`);
    assert.ok(group);
    assert.deepEqual(
      group.ports.map((p) => [p.portNumber, p.current]),
      [
        [1, true],
        [2, false],
        [3, false],
      ],
    );
    const markup = renderToString(<PortPicker selectedNapPortId={plant.ports[0]!.id} error="Pick a port" choices={choices} />);
    assert.match(markup, /hx-get="\/app\/network\/picker\?napPortId=/);
    assert.match(markup, new RegExp(`<option value="${plant.ports[0]!.id}" selected>`));
    assert.match(markup, /class="field invalid port-picker"/);
    assert.match(markup, /Pick a port/);
  });

  it('lets read-only staff see every page and refuses changes to support staff (403)', async () => {
    const plant = await makePlantBranch(t, a, { napPorts: 2 });
    const readOnly = await addStaff(t, a, 'read_only');
    for (const url of ['/app/network', '/app/network/lcps', '/app/network/naps', `/app/network/lcps/${plant.lcp.id}`, `/app/network/splitters/${plant.splitter.id}`, `/app/network/naps/${plant.nap.id}`]) {
      const res = await page(t, readOnly, url);
      assert.equal(res.statusCode, 200, url);
      assert.doesNotMatch(res.body, /Deactivate|Add a splitter|Add a NAP box|Out of service<\/button>/, `${url} shows no changes to a read-only user`);
    }
    const support = await addStaff(t, a, 'support');
    const before = await lcpCount(t, a);
    assert.equal((await page(t, support, '/app/network/lcps/new')).statusCode, 403);
    assert.equal((await post(t, support, '/app/network/lcps', { code: 'NO', name: 'No' })).statusCode, 403);
    assert.equal((await post(t, support, `/app/network/lcps/${plant.lcp.id}/deactivate`, {})).statusCode, 403);
    assert.equal((await post(t, support, `/app/network/nap-ports/${plant.ports[0]!.id}`, { outOfService: 'true' })).statusCode, 403);
    assert.equal(await lcpCount(t, a), before);
  });
});
