import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { asStaff, createTestApp, signUpTenant, type StaffSession, type TestApp } from './helpers/app.ts';
import { makeCustomer, makeInstallation, makePlan, makePlantBranch, makeService } from './helpers/factories.ts';

// Pages look their ?notice= up in a plain object: an inherited key must find nothing.
describe('?notice= names only a page’s own notices', () => {
  let t: TestApp;
  let owner: StaffSession;

  before(async () => {
    t = await createTestApp();
    owner = await signUpTenant(t, { companyName: 'Notice ISP' });
  });
  after(async () => {
    await t.close();
  });

  it('?notice=constructor, __proto__, toString render the page with no notice', async () => {
    const branch = await makePlantBranch(t, owner, { napPorts: 2 });
    const customer = await makeCustomer(t, owner);
    const installation = await makeInstallation(t, owner, { customerId: customer.id, napPortId: branch.ports[0]!.id });
    const service = await makeService(t, owner, { customerId: customer.id, planId: (await makePlan(t, owner)).id });
    const detailPages = [`/app/installations/${installation.id}`, `/app/services/${service.id}`, `/app/network/splitters/${branch.splitter.id}`];
    for (const path of ['/app/customers', '/app/plans', '/app/areas', '/app/settings', '/app/roles', '/app/team', ...detailPages]) {
      for (const key of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) {
        const res = await asStaff(t, owner, { method: 'GET', url: `${path}?notice=${key}` });
        assert.equal(res.statusCode, 200, `${path}?notice=${key}: ${res.statusCode}`);
        assert.doesNotMatch(res.body, /class="notice"/, `${path}?notice=${key}`);
        assert.doesNotMatch(res.body, /\[native code\]|\[object Object\]/, `${path}?notice=${key}`);
      }
    }
    // A real notice still shows.
    const saved = await asStaff(t, owner, { method: 'GET', url: '/app/settings?notice=saved' });
    assert.match(saved.body, /<p class="notice">Settings saved\.<\/p>/);
  });
});
