/**
 * The main screens on a phone (390 px wide, touch, mobile viewport): none is wider than the
 * screen, so nothing needs sideways scrolling of the whole page (wide tables scroll inside
 * their own box, stacked tables wrap a long e-mail, a select whose longest option is long
 * stays inside the form), and no page logs a script error or a Content-Security-Policy
 * refusal. The data is made to be awkward: long e-mails, names and device models. Map tiles
 * fail here (no internet), which is expected and not counted. Skipped without chromium.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { BrowserContext } from 'playwright-core';
import { NO_CHROMIUM, startBrowserRun, type BrowserRun } from './browser.ts';
import { signUpTenant, type StaffSession } from '../helpers/app.ts';
import { makeCustomer, makeDevice, makeInstallation, makePlan, makePlantBranch, makeService } from '../helpers/factories.ts';

const TILES = /tile\.openstreetmap\.org/;

describe('the main screens on a phone', () => {
  let run: BrowserRun | undefined;
  let owner: StaffSession;
  let context: BrowserContext;
  let pages: string[] = [];

  before(async () => {
    run = await startBrowserRun();
    if (!run) return;
    const t = run.t;
    owner = await signUpTenant(t, { companyName: 'Barangay Malagasang Community Fiber Cooperative', email: 'maria.theresa.villanueva-santos@malagasang-fiber.example.ph' });
    const branch = await makePlantBranch(t, owner, {
      napPorts: 8,
      lcp: { code: 'LCP-MALAGASANG-NORTH-01', name: 'Malagasang North cabinet beside the barangay hall and the basketball court' },
      nap: { code: 'NAP-MALAGASANG-NORTH-01-A', name: 'Pole 17 in front of the sari-sari store on Aguinaldo Highway' },
    });
    const customer = await makeCustomer(t, owner, {
      first_name: 'Maria Theresa',
      last_name: 'Villanueva-Santos',
      email: 'maria.theresa.villanueva-santos.household@malagasang-fiber.example.ph',
      service_address: 'Block 12 Lot 34, Phase 2, Greenbreeze Villas Subdivision, Malagasang I-A',
      latitude: 14.4192,
      longitude: 120.9431,
    });
    const installation = await makeInstallation(t, owner, { customerId: customer.id, napPortId: branch.ports[0]!.id });
    await makeDevice(t, owner, { model: 'EchoLife HG8145V5 dual-band XPON optical network terminal', installation_id: installation.id, status: 'installed' });
    await makeDevice(t, owner, { model: 'EchoLife EG8145X6 Wi-Fi 6 XPON optical network terminal with four ports' });
    const plan = await makePlan(t, owner, { name: 'Fiber 100 residential unlimited with free installation' });
    await makeService(t, owner, { customerId: customer.id, planId: plan.id, installation_id: installation.id });
    const another = await makeCustomer(t, owner, { email: 'another.subscriber.with.a.long.address@malagasang-fiber.example.ph' });

    pages = [
      '/app',
      '/app/customers',
      `/app/customers?q=${encodeURIComponent('villanueva')}`,
      `/app/customers/${customer.id}`,
      '/app/customers/new',
      '/app/services',
      '/app/installations',
      `/app/installations/${installation.id}`,
      `/app/installations/new?customerId=${another.id}`,
      '/app/plans',
      '/app/network',
      '/app/network/lcps/new',
      `/app/network/naps/${branch.nap.id}/edit`,
      '/app/devices',
      '/app/map',
      '/app/imports',
      '/app/team',
      '/app/audit',
      '/app/profile',
    ];
    context = await run.browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    await context.addCookies([{ name: 'lm_session', value: owner.cookie, url: run.base }]);
    await context.route(TILES, (route) => route.abort('internetdisconnected'));
  });
  after(async () => {
    await context?.close();
    await run?.close();
  });

  it('fits every main page in 390 px with no script errors or CSP refusals', async (s) => {
    if (!run) {
      s.skip(NO_CHROMIUM);
      return;
    }
    const page = await context.newPage();
    const problems: string[] = [];
    let current = '';
    page.on('pageerror', (err) => problems.push(`${current}: ${err.message}`));
    page.on('console', (msg) => {
      if (TILES.test(msg.location().url)) return;
      if (msg.type() === 'error' || /Refused to/.test(msg.text())) problems.push(`${current}: ${msg.text()}`);
    });
    const tooWide: string[] = [];
    for (const path of pages) {
      current = path;
      const res = await page.goto(`${run.base}${path}`);
      assert.equal(res?.status(), 200, `${path} answers`);
      // With isMobile, chromium zooms out to show a too-wide page, so compare the document
      // with the layout viewport (clientWidth), not with innerWidth.
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      if (overflow > 1) tooWide.push(`${path} (${overflow}px)`);
    }
    assert.deepEqual(tooWide, [], 'pages wider than a 390 px phone');
    assert.deepEqual(problems, [], 'console errors, page errors or CSP refusals');
  });
});
