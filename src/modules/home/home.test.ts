import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { addStaff, asStaff, createTestApp, signUpTenant, type StaffSession, type TestApp } from '../../../test/helpers/app.ts';
import { makeArea, makeCustomer, makeInstallation, makePlan, makePlantBranch, makeService } from '../../../test/helpers/factories.ts';

const STEPS = ['areas', 'plans', 'plant', 'customer', 'installation', 'service'];

async function home(t: TestApp, staff: StaffSession) {
  const res = await asStaff(t, staff, { method: 'GET', url: '/app', headers: { accept: 'text/html' } });
  assert.equal(res.statusCode, 200);
  const steps = Object.fromEntries([...res.body.matchAll(/<li data-step="([a-z]+)" data-done="(true|false)">(.*?)<\/li>/g)].map((m) => [m[1], { done: m[2] === 'true', html: m[3] ?? '' }]));
  return { body: res.body, steps, done: STEPS.filter((s) => steps[s]?.done) };
}

/** Everything the checklist asks for, in one company: one customer on one port of 8. */
async function fillNetwork(t: TestApp, staff: StaffSession): Promise<void> {
  await makeArea(t, staff);
  const plan = await makePlan(t, staff);
  const branch = await makePlantBranch(t, staff, { napPorts: 8 });
  const customer = await makeCustomer(t, staff, { status: 'active' });
  await makeCustomer(t, staff, { status: 'lead' });
  const installation = await makeInstallation(t, staff, { customerId: customer.id, napPortId: branch.ports[0]!.id });
  await makeService(t, staff, { customerId: customer.id, planId: plan.id, installation_id: installation.id });
}

describe('home page: first-run checklist', () => {
  let t: TestApp;
  let owner: StaffSession;
  let other: StaffSession;

  before(async () => {
    t = await createTestApp();
    // Another company with a complete network first: none of it may tick the new company's steps.
    other = await signUpTenant(t, { companyName: 'Established ISP' });
    await fillNetwork(t, other);
    owner = await signUpTenant(t, { companyName: 'Brand New Fiber' });
  });
  after(async () => {
    await t.close();
  });

  it('sends an anonymous visitor to sign in', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/app', headers: { accept: 'text/html' } });
    assert.equal(res.statusCode, 302);
    assert.match(String(res.headers.location), /^\/login/);
  });

  it('shows a new company every step undone, with links for the owner and the CSV import', async () => {
    const page = await home(t, owner);
    assert.match(page.body, /<h2>Set up your network<\/h2>/);
    assert.deepEqual(Object.keys(page.steps), STEPS);
    assert.deepEqual(page.done, []);
    assert.match(page.body, /0 of 6 steps done/);
    for (const href of ['/app/areas', '/app/plans/new', '/app/network/lcps/new', '/app/customers/new', '/app/installations/new', '/app/services/new']) {
      assert.match(page.body, new RegExp(`<li [^>]*>.*?<a href="${href}">`), href);
    }
    assert.match(page.body, /data-testid="setup-import">[^]*?<a href="\/app\/imports">import page<\/a>/);
    assert.doesNotMatch(page.body, /data-testid="home-summary"/);
  });

  it('read-only staff see the same steps as plain text, with no action or import links', async () => {
    const readOnly = await addStaff(t, owner, 'read_only');
    const page = await home(t, readOnly);
    assert.deepEqual(Object.keys(page.steps), STEPS);
    for (const key of STEPS) assert.doesNotMatch(page.steps[key]!.html, /<a /, key);
    assert.doesNotMatch(page.body, /href="\/app\/imports"/);
    assert.match(page.body, /by staff who may run imports/);
  });

  it('ticks each step as the company’s data arrives, then shows customers by status and free ports', async () => {
    await makeArea(t, owner);
    assert.deepEqual((await home(t, owner)).done, ['areas']);
    const plan = await makePlan(t, owner);
    assert.deepEqual((await home(t, owner)).done, ['areas', 'plans']);

    const branch = await makePlantBranch(t, owner, { napPorts: 8 });
    const withPlant = await home(t, owner);
    assert.deepEqual(withPlant.done, ['areas', 'plans', 'plant']);
    assert.match(withPlant.steps.plant!.html, /1 LCP, 1 splitter, 1 NAP box so far/);
    assert.match(withPlant.steps.plant!.html, /<a href="\/app\/network\/lcps">/, 'with an LCP, the link goes to the list');

    const customer = await makeCustomer(t, owner, { status: 'active' });
    await makeCustomer(t, owner, { status: 'lead' });
    await makeCustomer(t, owner, { status: 'lead' });
    assert.deepEqual((await home(t, owner)).done, ['areas', 'plans', 'plant', 'customer']);
    const installation = await makeInstallation(t, owner, { customerId: customer.id, napPortId: branch.ports[0]!.id });
    const almost = await home(t, owner);
    assert.deepEqual(almost.done, ['areas', 'plans', 'plant', 'customer', 'installation']);
    assert.match(almost.body, /5 of 6 steps done/);

    await makeService(t, owner, { customerId: customer.id, planId: plan.id, installation_id: installation.id });
    const done = await home(t, owner);
    assert.doesNotMatch(done.body, /data-testid="setup-checklist"/);
    assert.match(done.body, /data-testid="customers-by-status">2 lead · 1 active · 0 suspended · 0 disconnected · 0 terminated/);
    assert.match(done.body, /data-testid="free-ports">7 /);

    // Read-only staff see the summary too (they may read customers and the network).
    const readOnly = await addStaff(t, owner, 'read_only');
    assert.match((await home(t, readOnly)).body, /data-testid="free-ports">7 /);

    // The API answers the same, for this company only.
    const api = await asStaff(t, readOnly, { method: 'GET', url: '/api/v1/overview' });
    assert.equal(api.statusCode, 200, api.body);
    const overview = api.json<{ setupDone: boolean; steps: { key: string; done: boolean; href: string | null }[]; customersByStatus: Record<string, number>; freePorts: number; importHref: string | null }>();
    assert.equal(overview.setupDone, true);
    assert.deepEqual(
      overview.steps.map((s) => [s.key, s.done, s.href]),
      STEPS.map((k) => [k, true, null]),
      'read-only staff get no links',
    );
    assert.deepEqual(overview.customersByStatus, { lead: 2, active: 1, suspended: 0, disconnected: 0, terminated: 0 });
    assert.equal(overview.freePorts, 7);
    assert.equal(overview.importHref, null);
  });

  it('GET /api/v1/overview needs a signed-in caller', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/overview' });
    assert.equal(res.statusCode, 401);
  });
});
