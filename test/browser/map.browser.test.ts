/**
 * The network map and the location picker in a real browser, with the tile server
 * unreachable (the normal case in tests, and often in the field): markers still show and a
 * notice says the background is missing; switching a layer off hides it; popups carry
 * free-port counts; ?focus= opens one subscriber; clicking a picker's map fills the form.
 * Skipped without chromium.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { BrowserContext, Page } from 'playwright-core';
import { NO_CHROMIUM, startBrowserRun, type BrowserRun } from './browser.ts';
import { signUpTenant, type StaffSession } from '../helpers/app.ts';
import { makeCustomer, makeInstallation, makePlantBranch, type PlantBranch } from '../helpers/factories.ts';

describe('network map in a browser', () => {
  let run: BrowserRun | undefined;
  let owner: StaffSession;
  let branch: PlantBranch;
  let customerId: string;
  let context: BrowserContext;
  const errors: string[] = [];

  before(async () => {
    run = await startBrowserRun();
    if (!run) return;
    owner = await signUpTenant(run.t, { companyName: 'Map Browser Fiber' });
    branch = await makePlantBranch(run.t, owner, { napPorts: 8, lcp: { code: 'LCP-MB', latitude: 14.42, longitude: 120.94 }, nap: { code: 'NAP-MB', latitude: 14.4216, longitude: 120.9418 } });
    const customer = await makeCustomer(run.t, owner, { first_name: 'Maria', last_name: 'Santos', status: 'active', latitude: 14.4192, longitude: 120.9431 });
    customerId = customer.id;
    await makeInstallation(run.t, owner, { customerId, napPortId: branch.ports[2]!.id });

    context = await run.browser.newContext({ viewport: { width: 1100, height: 900 } });
    await context.addCookies([{ name: 'lm_session', value: owner.cookie, url: run.base }]);
    // No tile server answers: every tile request fails, as it does offline.
    await context.route(/tile\.openstreetmap\.org/, (route) => route.abort('internetdisconnected'));
  });
  after(async () => {
    await context?.close();
    await run?.close();
  });

  async function openMap(query = ''): Promise<Page> {
    assert.ok(run);
    const page = await context.newPage();
    page.on('pageerror', (err) => errors.push(err.message));
    await page.goto(`${run.base}/app/map${query}`);
    await page.locator('#network-map[data-loaded="true"]').waitFor();
    return page;
  }

  it('shows every layer without tiles, hides a layer switched off, and gives free ports in popups', async (s) => {
    if (!run) {
      s.skip(NO_CHROMIUM);
      return;
    }
    const page = await openMap();
    await page.locator('#map-tile-notice').waitFor({ state: 'visible' });
    assert.match((await page.locator('#map-tile-notice').textContent()) ?? '', /background map is unavailable/);

    assert.equal(await page.locator('path.map-customer').count(), 1, 'the located customer');
    assert.equal(await page.locator('path.map-installation').count(), 1);
    assert.equal(await page.locator('.map-lcp').count(), 1);
    assert.equal(await page.locator('.map-splitter').count(), 1);
    assert.equal(await page.locator('.map-nap').count(), 1);
    assert.equal(await page.locator('path.map-coverage').count(), 1, "the LCP's coverage circle");
    assert.match((await page.locator('#map-status').textContent()) ?? '', /1 customers, 1 installations, 1 LCPs, 1 splitters, 1 NAP boxes/);

    const napToggle = page.locator('.leaflet-control-layers-overlays label', { hasText: 'NAP boxes' }).locator('input');
    await napToggle.uncheck();
    assert.equal(await page.locator('.map-nap').count(), 0, 'NAP boxes hidden');
    assert.equal(await page.locator('.map-lcp').count(), 1, 'other layers stay');
    await napToggle.check();
    assert.equal(await page.locator('.map-nap').count(), 1);

    await page.locator('.map-nap').click();
    const napPopup = page.locator('.leaflet-popup-content');
    await napPopup.waitFor();
    assert.match((await napPopup.textContent()) ?? '', /NAP NAP-MB[\s\S]*Ports: 7 of 8 free/);
    assert.equal(await napPopup.locator(`a[href="/app/network/naps/${branch.nap.id}"]`).count(), 1);

    // Scoped to the open popup: a closed one lingers in the DOM for Leaflet's 200 ms fade.
    await page.locator('.leaflet-popup', { hasText: 'Ports: 7 of 8 free' }).locator('.leaflet-popup-close-button').click();
    await page.locator('.map-lcp').click();
    const lcpPopup = page.locator('.leaflet-popup-content', { hasText: 'Feeder ports' });
    await lcpPopup.waitFor();
    const lcpText = (await lcpPopup.textContent()) ?? '';
    assert.match(lcpText, /LCP LCP-MB/);
    assert.match(lcpText, /Feeder ports: 7 of 8 free/);
    assert.match(lcpText, /Drop ports below: 7 of 8 free/);
    assert.match(lcpText, new RegExp(`Splitters here:${branch.splitter.code} \\(1:8\\)`));

    await page.locator('.leaflet-popup', { has: lcpPopup }).locator('.leaflet-popup-close-button').click();
    await page.locator('.map-splitter').click();
    const splitterPopup = page.locator('.leaflet-popup-content', { hasText: 'Outputs' });
    await splitterPopup.waitFor();
    assert.match((await splitterPopup.textContent()) ?? '', /Splitter [\s\S]*At LCP LCP-MB[\s\S]*Outputs: 7 of 8 free/);
    await page.close();
  });

  it('?focus=customer:<id> centres on the subscriber and opens their popup', async (s) => {
    if (!run) {
      s.skip(NO_CHROMIUM);
      return;
    }
    const page = await openMap(`?focus=customer:${customerId}`);
    const popup = page.locator('.leaflet-popup-content');
    await popup.waitFor();
    assert.match((await popup.textContent()) ?? '', /Maria Santos[\s\S]*active/);
    assert.equal(await popup.locator(`a[href="/app/customers/${customerId}"]`).count(), 1);
    await page.close();
  });

  it('a location picker fills latitude and longitude from a click and follows typed coordinates', async (s) => {
    if (!run) {
      s.skip(NO_CHROMIUM);
      return;
    }
    const page = await context.newPage();
    page.on('pageerror', (err) => errors.push(err.message));
    await page.goto(`${run.base}/app/customers/new`);
    const picker = page.locator('fieldset[data-location-picker][data-location-picker-ready="true"]');
    await picker.waitFor();
    assert.equal(await page.locator('script[src="/assets/leaflet.js"]').count(), 1, 'Leaflet loaded once');

    const map = picker.locator('[data-location-map]');
    assert.ok(await map.isVisible(), 'the map replaces nothing: inputs stay, the map appears');
    await map.click({ position: { x: 120, y: 90 } });
    const lat = await page.locator('#f-latitude').inputValue();
    const lng = await page.locator('#f-longitude').inputValue();
    assert.match(lat, /^-?\d{1,2}\.\d{6}$/, `latitude ${lat}`);
    assert.match(lng, /^-?\d{1,3}\.\d{6}$/, `longitude ${lng}`);
    assert.equal(await page.locator('#f-locationAccuracy').inputValue(), 'manual', 'a pin placed by hand says so');
    assert.equal(await picker.locator('.leaflet-marker-icon').count(), 1, 'one pin');

    // Typing coordinates moves the pin there (the map centres on it).
    await page.locator('#f-latitude').fill('14.421000');
    await page.locator('#f-longitude').fill('120.941000');
    await page.waitForFunction(() => {
      const pin = document.querySelector('fieldset[data-location-picker] .leaflet-marker-icon');
      const box = document.querySelector('fieldset[data-location-picker] [data-location-map]');
      if (!pin || !box) return false;
      const p = pin.getBoundingClientRect();
      const b = box.getBoundingClientRect();
      return Math.abs(p.left + p.width / 2 - (b.left + b.width / 2)) < 3;
    });
    await page.close();
  });

  it('raised no script errors', (s) => {
    if (!run) {
      s.skip(NO_CHROMIUM);
      return;
    }
    assert.deepEqual(errors, []);
  });
});
