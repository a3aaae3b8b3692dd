import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, signUpTenant } from './app.ts';
import { makeArea, makeCustomer, makeDevice, makeInstallation, makePlan, makePlantBranch, makeService } from './factories.ts';

test('factories build a connected subscriber', async () => {
  const t = await createTestApp();
  try {
    const owner = await signUpTenant(t);
    const area = await makeArea(t, owner);
    const plan = await makePlan(t, owner);
    const customer = await makeCustomer(t, owner, { area_id: area.id });
    const branch = await makePlantBranch(t, owner, { napPorts: 4 });
    assert.equal(branch.ports.length, 4);
    const inst = await makeInstallation(t, owner, { customerId: customer.id, napPortId: branch.ports[0]!.id });
    await makeDevice(t, owner, { status: 'installed', installation_id: inst.id });
    await makeService(t, owner, { customerId: customer.id, planId: plan.id, installation_id: inst.id });
    await assert.rejects(makeInstallation(t, owner, { customerId: customer.id, napPortId: branch.ports[0]!.id }), /installations_port_in_use/);
  } finally {
    await t.close();
  }
});
