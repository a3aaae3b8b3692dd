/**
 * A new ISP's first installation, walked in a real browser on a phone-sized screen the way
 * an office worker does it, with nothing but the pages: sign up, add a service area and a
 * sub-area, a plan priced "1,499.00", an LCP, a 1:8 splitter on one of its feeder ports, an
 * 8-port NAP, a customer (after a mistyped e-mail is caught inline with the typed values
 * kept), an ONU whose MAC is typed in lower case with dashes; then, from the customer's page,
 * an installation on a port chosen through the cascading LCP > splitter > NAP picker and its
 * port grid, completed, with a postpaid service on it. Finally the customer is found on the
 * map (no tile server answers here, the markers still show) and in the network tree under
 * LCP > splitter > NAP > port, the NAP has one free port fewer, and the customer page shows
 * the installation, port, CPE and service. Skipped without chromium.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Locator, Page } from 'playwright-core';
import { NO_CHROMIUM, signUpInBrowser, startBrowserRun, type BrowserRun } from './browser.ts';
import { chooseOption, clickAndWait, idFromUrl, notice, openFromNav, submitExpecting, textOf } from './installation-flow.steps.ts';

const OWNER = 'Ramon Reyes';
const CUSTOMER = { first: 'Maria', last: 'Santos', name: 'Maria Santos', phone: '0917 555 0101', email: 'maria.santos@example.ph', address: '12 Mabini St, Barangay Pinyahan' };
const ONU = { brand: 'Huawei', model: 'HG8145V5', serial: 'HWTC4B7A91C2', typedMac: 'a0-b1-c2-d3-e4-0f', mac: 'A0:B1:C2:D3:E4:0F' };

/** Nothing on the page is wider than the phone's screen (tables scroll inside their own box). */
async function assertFitsPhone(page: Page, what: string): Promise<void> {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 1, `${what} fits a phone screen (${overflow}px too wide)`);
}

describe('a new installation, walked in a browser', () => {
  let run: BrowserRun | undefined;

  before(async () => {
    run = await startBrowserRun();
  });
  after(async () => {
    await run?.close();
  });

  it('sets up the network, signs up and installs a subscriber, and finds them on the map and in the tree', async (s) => {
    if (!run) {
      s.skip(NO_CHROMIUM);
      return;
    }
    const { browser, base } = run;
    const url = (path: string) => new RegExp(`^${base.replace(/[.]/g, '\\.')}${path}`);
    const context = await browser.newContext({ viewport: { width: 412, height: 915 } });
    // No internet here: every map tile fails, as it does in the field on a bad day.
    await context.route(/tile\.openstreetmap\.org/, (route) => route.abort('internetdisconnected'));
    const page = await context.newPage();
    page.setDefaultTimeout(60_000);
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(err.message));

    // 1. A new company signs up.
    await signUpInBrowser(page, base, { companyName: 'Pinyahan Fiber', ownerName: OWNER, email: 'ramon@pinyahan.test' });

    // 2. A service area and a sub-area inside it.
    await openFromNav(page, 'Areas', url('/app/areas$'));
    const addTop = page.locator('#add-area');
    await addTop.getByLabel('Name', { exact: true }).fill('Metro Manila');
    await addTop.getByLabel('Code (optional)').fill('NCR');
    await addTop.getByLabel(/^Kind/).fill('Region');
    await clickAndWait(page, addTop.getByRole('button', { name: 'Add area' }), url('/app/areas\\?notice=created'));
    assert.equal(await notice(page), 'Area added.');
    const metro = page.locator('[data-testid="area-tree"] > li', { hasText: 'Metro Manila' });
    await metro.locator('summary', { hasText: 'Add sub-area' }).click();
    await metro.getByLabel('Name', { exact: true }).fill('Quezon City');
    await metro.getByLabel(/^Kind/).fill('City');
    await clickAndWait(page, metro.getByRole('button', { name: 'Add under Metro Manila' }), url('/app/areas\\?notice=created'));
    assert.match(await textOf(metro.locator('li', { hasText: 'Quezon City' })), /Quezon City\s*City/, 'Quezon City sits inside Metro Manila');
    await assertFitsPhone(page, 'the areas page');

    // 3. A plan, its price typed the way people write it.
    await openFromNav(page, 'Plans', url('/app/plans$'));
    await clickAndWait(page, page.getByRole('link', { name: 'New plan' }), url('/app/plans/new$'));
    await page.getByLabel('Name', { exact: true }).fill('Fiber 100');
    await page.getByLabel('Download speed (Mbps)').fill('100');
    await page.getByLabel('Upload speed (Mbps)').fill('50');
    await page.getByLabel(/^Price per billing period/).fill('1,499.00');
    await clickAndWait(page, page.getByRole('button', { name: 'Create plan' }), url('/app/plans\\?notice=created'));
    assert.equal(await notice(page), 'Plan created.');
    const planRow = page.locator('[data-testid="plans"] tbody tr', { hasText: 'Fiber 100' });
    assert.match(await textOf(planRow), /100\/50 Mbps.*₱1,499\.00 \/ month/);

    // 4. An LCP with a location.
    await openFromNav(page, 'Network', url('/app/network$'));
    await clickAndWait(page, page.getByRole('link', { name: 'Add LCP' }).first(), url('/app/network/lcps/new$'));
    await page.getByLabel('Code', { exact: true }).fill('LCP-QC-01');
    await page.getByLabel('Name', { exact: true }).fill('Pinyahan cabinet');
    await page.getByLabel('Feeder ports').fill('4');
    await chooseOption(page.getByLabel('Area', { exact: true }), 'Quezon City');
    await page.getByLabel('Coverage radius (metres)').fill('500');
    await page.getByLabel('Latitude').fill('14.6420');
    await page.getByLabel('Longitude').fill('121.0470');
    await clickAndWait(page, page.getByRole('button', { name: 'Add LCP' }), url('/app/network/lcps/[0-9a-f-]{36}\\?notice=created'));
    assert.match(await textOf(page.locator('main h1')), /LCP LCP-QC-01/);
    assert.match(await textOf(page.locator('main dl')), /Location 14\.642, 121\.047/);

    // 5. A 1:8 splitter on the LCP's feeder port 2.
    const addSplitter = page.locator('#add-splitter');
    await addSplitter.getByLabel('Code', { exact: true }).fill('SP-1');
    await chooseOption(addSplitter.getByLabel('Ratio'), '1:8 ');
    await chooseOption(addSplitter.getByLabel('LCP feeder port'), /^Port 2$/);
    await clickAndWait(page, addSplitter.getByRole('button', { name: 'Add splitter' }), url('/app/network/splitters/[0-9a-f-]{36}\\?notice=created'));
    assert.match(await textOf(page.locator('main h2').first()), /Splitter SP-1 \(1:8\)/);
    assert.match(await textOf(page.locator('main dl')), /LCP-QC-01, feeder port 2/);

    // 6. An 8-port NAP under the splitter, with a location.
    const addNap = page.locator('#add-nap');
    await addNap.getByLabel('Code', { exact: true }).fill('NAP-07');
    await addNap.getByLabel('Name', { exact: true }).fill('Mabini corner');
    await chooseOption(addNap.getByLabel('Splitter output port'), /^Port 1$/);
    await addNap.getByLabel('Drop ports').fill('8');
    await addNap.getByLabel('Latitude').fill('14.6431');
    await addNap.getByLabel('Longitude').fill('121.0462');
    await clickAndWait(page, addNap.getByRole('button', { name: 'Add NAP' }), url('/app/network/naps/[0-9a-f-]{36}\\?notice=created'));
    const napId = idFromUrl(page);
    assert.match(await textOf(page.locator('main h2').first()), /NAP-07 · Mabini corner/);
    assert.match(await textOf(page.locator('main dl')), /0\/8 used · 8 free/);
    assert.equal(await page.locator('[data-testid="nap-ports"] > li').count(), 8, 'eight ports');

    // 7. A customer: a mistyped e-mail comes back inline with everything typed kept, and nothing saved.
    await openFromNav(page, 'Customers', url('/app/customers$'));
    await clickAndWait(page, page.getByRole('link', { name: 'Add customer' }), url('/app/customers/new$'));
    await page.getByLabel('First name').fill(CUSTOMER.first);
    await page.getByLabel('Last name').fill(CUSTOMER.last);
    await page.getByLabel('Phone', { exact: true }).fill(CUSTOMER.phone);
    await page.getByLabel('E-mail (optional)').fill('maria.santos@');
    await page.getByLabel('Service address').fill(CUSTOMER.address);
    const areaId = await chooseOption(page.getByLabel('Service area'), 'Quezon City');
    await page.getByLabel('Latitude').fill('14.6428');
    await page.getByLabel('Longitude').fill('121.0466');
    await page.getByLabel('Accuracy').selectOption('exact');
    await submitExpecting(page, page.getByRole('button', { name: 'Add customer' }), 422);
    assert.equal(await textOf(page.locator('#f-email-error')), 'Enter a valid email address');
    assert.match(await textOf(page.getByRole('alert')), /Nothing was saved/);
    const kept = { first: 'First name', last: 'Last name', email: 'E-mail (optional)', address: 'Service address', lat: 'Latitude', lng: 'Longitude' };
    const keptValues = Object.fromEntries(await Promise.all(Object.entries(kept).map(async ([k, label]) => [k, await page.getByLabel(label, { exact: true }).inputValue()])));
    assert.deepEqual(keptValues, { first: 'Maria', last: 'Santos', email: 'maria.santos@', address: CUSTOMER.address, lat: '14.6428', lng: '121.0466' });
    assert.equal(await page.getByLabel('Service area').inputValue(), areaId, 'the area stays chosen');
    assert.equal(await page.getByLabel('Accuracy').inputValue(), 'exact');
    await page.getByLabel('E-mail (optional)').fill(CUSTOMER.email);
    await clickAndWait(page, page.getByRole('button', { name: 'Add customer' }), url('/app/customers/[0-9a-f-]{36}\\?notice=created'));
    const customerId = idFromUrl(page);
    assert.equal(await textOf(page.locator('main h1')), CUSTOMER.name);
    const account = await textOf(page.getByTestId('account-number'));
    assert.match(account, /^ACC-0*1$/, 'the first account number: the refused form took none');
    assert.match(await textOf(page.locator('#details')), /Area (Metro Manila > )?Quezon City/);
    assert.match(await textOf(page.getByTestId('location')), /14\.6428, 121\.0466 \(exact\)/);
    await openFromNav(page, 'Customers', url('/app/customers$'));
    assert.equal(await page.locator('[data-testid="customers"] tbody tr').count(), 1, 'one customer saved, not two');
    await assertFitsPhone(page, 'the customer list');

    // 8. An ONU received into stock; its MAC is shown normalised.
    await openFromNav(page, 'Devices', url('/app/devices$'));
    await clickAndWait(page, page.getByRole('link', { name: 'Receive a device' }), url('/app/devices/new$'));
    assert.equal(await page.getByLabel('Kind').inputValue(), 'onu');
    await page.getByLabel('Brand').fill(ONU.brand);
    await page.getByLabel('Model').fill(ONU.model);
    await page.getByLabel('Serial number').fill(ONU.serial);
    await page.getByLabel('MAC address').fill(ONU.typedMac);
    await clickAndWait(page, page.getByRole('button', { name: 'Receive into stock' }), url('/app/devices/[0-9a-f-]{36}\\?notice=received'));
    assert.equal(await notice(page), 'Device received into stock.');
    const deviceFacts = await textOf(page.locator('main dl'));
    assert.match(deviceFacts, new RegExp(`MAC address ${ONU.mac}`), 'upper case with colons');
    assert.match(deviceFacts, /Status In stock/);

    // Before the installation the NAP has all eight ports free in the tree.
    await openFromNav(page, 'Network', url('/app/network$'));
    await assertTree(page, { used: 0, onPort3: null });

    // 9. The customer found by a search, and from their page a new installation on a port picked through the cascade.
    await openFromNav(page, 'Customers', url('/app/customers$'));
    await page.getByLabel('Find a customer').fill('santos');
    await clickAndWait(page, page.getByRole('button', { name: 'Search', exact: true }), url('/app/customers\\?q=santos'));
    await clickAndWait(page, page.locator('[data-testid="customers"] tbody').getByRole('link', { name: CUSTOMER.name }), url(`/app/customers/${customerId}$`));
    await clickAndWait(page, page.getByRole('link', { name: 'New installation' }), url('/app/installations/new\\?customerId='));
    assert.match(await textOf(page.locator('main h1')), /New installation for Maria Santos/);
    await chooseOption(page.locator('#f-pickerLcpId'), 'LCP-QC-01');
    await chooseOption(page.locator('#f-pickerSplitterId'), 'SP-1');
    await chooseOption(page.locator('#f-pickerNapId'), /NAP-07.*8 free/);
    const grid = page.getByTestId('port-grid');
    assert.match(await textOf(grid.locator('legend')), /8 free/);
    assert.equal(await grid.locator('label[data-status="free"]').count(), 8);
    await grid.locator('label[data-port="3"]').click();
    assert.ok(await grid.locator('label[data-port="3"] input').isChecked(), 'port 3 chosen');
    await chooseOption(page.getByLabel('CPE devices (in stock)'), ONU.serial);
    await chooseOption(page.getByLabel('Technician'), OWNER);
    await clickAndWait(page, page.getByRole('button', { name: 'Book installation' }), url('/app/installations/[0-9a-f-]{36}\\?notice=created'));
    assert.equal(await notice(page), 'Installation booked.');
    assert.equal(await textOf(page.getByTestId('installation-status')), 'Scheduled');
    const booked = await textOf(page.locator('main dl').first());
    assert.match(booked, /NAP port .*NAP-07.*3/);
    assert.match(booked, new RegExp(`Technician ${OWNER}`));
    assert.match(await textOf(page.getByTestId('installation-devices')), new RegExp(`${ONU.serial} · ${ONU.mac}`));
    // ...then the technician reports it done.
    await clickAndWait(page, page.getByRole('button', { name: 'Mark completed' }), url('/app/installations/[0-9a-f-]{36}\\?notice=complete'));
    assert.equal(await notice(page), 'Installation completed.');
    assert.equal(await textOf(page.getByTestId('installation-status')), 'Active');
    const completedOn = /Completed (\d{4}-\d{2}-\d{2})/.exec(await textOf(page.locator('main dl').first()))?.[1];
    assert.ok(completedOn, 'a completion date');

    // 10. Back on the customer's page, a postpaid service on the plan, on that installation.
    await clickAndWait(page, page.locator('main dl').first().getByRole('link', { name: CUSTOMER.name }), url(`/app/customers/${customerId}$`));
    await clickAndWait(page, page.getByRole('link', { name: 'Add service' }), url('/app/services/new\\?customerId='));
    await chooseOption(page.getByLabel('Plan', { exact: true }), 'Fiber 100');
    await chooseOption(page.getByLabel('Installation'), /active/);
    assert.equal(await page.getByLabel('Billing').inputValue(), 'postpaid');
    await page.getByLabel('Start date').fill(completedOn);
    await page.getByLabel('Status', { exact: true }).selectOption('active');
    await clickAndWait(page, page.getByRole('button', { name: 'Add service' }), url('/app/services/[0-9a-f-]{36}\\?notice=created'));
    assert.equal(await textOf(page.getByTestId('service-plan')), 'Fiber 100');
    assert.equal(await textOf(page.getByTestId('service-status')), 'Active');

    // 11. The customer on the map, although no tile loads...
    await openFromNav(page, 'Map', url('/app/map$'));
    await page.locator('#network-map[data-loaded="true"]').waitFor();
    await page.locator('#map-tile-notice').waitFor({ state: 'visible' });
    assert.match(await textOf(page.locator('#map-status')), /1 customers/);
    const marker = page.locator('path.map-customer');
    assert.equal(await marker.count(), 1);
    // The plant stands close by and its markers sit on top: show only the customers layer.
    const layers = page.locator('.leaflet-control-layers');
    await layers.hover();
    for (const name of ['Installations', 'LCPs', 'Splitters', 'NAP boxes']) await layers.locator('label', { hasText: name }).locator('input').uncheck();
    assert.equal(await page.locator('.map-splitter, .map-lcp, .map-nap, path.map-installation').count(), 0, 'only customers are shown');
    await marker.click();
    const popup = page.locator('.leaflet-popup-content');
    await popup.waitFor();
    assert.match(await textOf(popup), new RegExp(`${CUSTOMER.name} ${account} · active`));
    // ...and in the network tree, on the port, with one free port fewer.
    await openFromNav(page, 'Network', url('/app/network$'));
    await assertTree(page, { used: 1, onPort3: `${account} ${CUSTOMER.name}` });
    await clickAndWait(page, page.getByTestId('network-tree').getByRole('link', { name: 'NAP NAP-07' }), url(`/app/network/naps/${napId}$`));
    assert.match(await textOf(page.locator('main dl')), /1\/8 used · 7 free/);
    const napPort3 = page.locator('[data-testid="nap-ports"] > li[data-port="3"]');
    assert.match(await textOf(napPort3), new RegExp(`^3 ${account} ${CUSTOMER.name} \\(installation, active\\)`));

    // 12. From the port, the customer page shows the installation, its port, the CPE and the service.
    await clickAndWait(page, napPort3.getByRole('link', { name: account }), url(`/app/customers/${customerId}$`));
    assert.match(await textOf(page.locator('[data-testid="status-history"] tbody')), /Lead → Active Installation completed/, 'the completed installation made the lead a subscriber');
    assert.match(await textOf(page.locator('[data-testid="customer-installations"] tbody')), /NAP-07 port 3.*LCP-QC-01 › SP-1 › NAP-07.*Ramon Reyes.*active/);
    assert.match(await textOf(page.locator('[data-testid="customer-devices"] tbody')), new RegExp(`${ONU.brand} ${ONU.model}.*${ONU.serial}.*${ONU.mac}.*installed`));
    assert.match(await textOf(page.locator('[data-testid="customer-services"] tbody')), /Fiber 100.*100\/50 Mbps.*Postpaid.*₱1,499\.00 \/ month.*active/);
    await assertFitsPhone(page, 'the customer page');

    assert.deepEqual(errors, [], 'no script errors on any page');
    await context.close();
  });
});

/** Opens a folded level of the tree as a person does: a tap on its disclosure triangle, beside the link. */
async function unfold(level: Locator): Promise<void> {
  const details = level.locator(':scope > details');
  if (!(await details.evaluate((d) => (d as HTMLDetailsElement).open))) await details.locator(':scope > summary').click({ position: { x: 4, y: 8 } });
}

/** LCP > splitter > NAP in the network tree, the NAP's used and free ports, and who is on port 3. */
async function assertTree(page: Page, expected: { used: number; onPort3: string | null }): Promise<void> {
  const lcp = page.getByTestId('network-tree').locator('li[data-lcp="LCP-QC-01"]');
  await unfold(lcp);
  assert.match(await textOf(lcp.locator(':scope > details > summary')), /LCP LCP-QC-01 Pinyahan cabinet · Quezon City/);
  const splitter = lcp.locator('li[data-splitter="SP-1"]');
  await unfold(splitter);
  assert.match(await textOf(splitter.locator(':scope > details > summary')), /Splitter SP-1 1:8, feeder port 2/);
  const nap = splitter.locator('li[data-nap="NAP-07"]');
  await unfold(nap);
  const free = 8 - expected.used;
  assert.match(await textOf(nap.locator(':scope > details > summary')), new RegExp(`NAP NAP-07 Mabini corner, splitter port 1 ${expected.used}/8 used`));
  assert.equal(await nap.locator('summary .util').getAttribute('data-free'), String(free), `${free} free ports on the NAP`);
  assert.equal(await nap.locator('li[data-status="free"]').count(), free);
  const port3 = nap.locator('li[data-port="3"]');
  if (expected.onPort3) assert.equal(await textOf(port3), `3 ${expected.onPort3}`);
  else assert.equal(await port3.getAttribute('data-status'), 'free');
}
