/**
 * Two staff doing the same thing at the same moment, through the real API: taking the last
 * free NAP port, or creating records that must be unique per tenant. One request wins; the
 * other gets a 422 that names the field, whether the use case's own check caught it or the
 * unique index did (the check and the insert of the winner can interleave). On PostgreSQL
 * (TEST_DATABASE_URL) the requests run on separate connections and really overlap; on the
 * embedded database they queue on its one connection, and the outcome must be the same.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { LightMyRequestResponse } from 'fastify';
import { addStaff, asStaff, createTestApp, signUpTenant, type StaffSession, type TestApp } from '../helpers/app.ts';
import { makeCustomer, makePlantBranch } from '../helpers/factories.ts';
import { withTenant } from '../../src/db/tenancy.ts';

interface Problem {
  errors?: { field: string; message: string }[];
}

/** Exactly one 201; every other answer a 422 on `field`. Returns the refusals' messages. */
function oneWins(responses: LightMyRequestResponse[], field: string): string[] {
  const statuses = responses.map((r) => r.statusCode).sort();
  assert.deepEqual(statuses, [201, ...Array<number>(responses.length - 1).fill(422)], responses.map((r) => r.body).join('\n'));
  return responses
    .filter((r) => r.statusCode === 422)
    .map((r) => {
      const problem = r.json<Problem>();
      assert.deepEqual(
        problem.errors?.map((e) => e.field),
        [field],
        r.body,
      );
      return problem.errors![0]!.message;
    });
}

describe('two staff at once', () => {
  let t: TestApp;
  let owner: StaffSession;
  let clerk: StaffSession;
  let other: StaffSession;
  before(async () => {
    t = await createTestApp({ poolMax: 6 });
    owner = await signUpTenant(t);
    clerk = await addStaff(t, owner, 'admin');
    other = await signUpTenant(t);
  });
  after(async () => {
    await t.close();
  });

  const post = (who: StaffSession, url: string, payload: object) => asStaff(t, who, { method: 'POST', url, payload });

  it('taking the last free NAP port: one installation is made, the other is told the port is taken', async () => {
    const branch = await makePlantBranch(t, owner, { napPorts: 1 });
    const [first, second] = [await makeCustomer(t, owner), await makeCustomer(t, owner)];
    const responses = await Promise.all([
      post(owner, '/api/v1/installations', { customerId: first.id, napPortId: branch.ports[0]!.id }),
      post(clerk, '/api/v1/installations', { customerId: second.id, napPortId: branch.ports[0]!.id }),
    ]);
    const [message] = oneWins(responses, 'napPortId');
    assert.match(message!, /taken|in use|holds/i);
    const holders = await withTenant(t.app.db, owner.tenantId, (trx) =>
      trx.selectFrom('installations').select('customer_id').where('tenant_id', '=', owner.tenantId).where('nap_port_id', '=', branch.ports[0]!.id).execute(),
    );
    assert.equal(holders.length, 1, 'one installation holds the port');
    const nap = await asStaff(t, owner, { method: 'GET', url: `/api/v1/naps/${branch.nap.id}` });
    assert.deepEqual(nap.json<{ capacity: { used: number; free: number } }>().capacity, { total: 1, used: 1, outOfService: 0, free: 0 });
  });

  it('the same e-mail for two new subscribers: one is saved, the other gets a 422 on email', async () => {
    const email = 'maria.santos@example.ph';
    const responses = await Promise.all([
      post(owner, '/api/v1/customers', { firstName: 'Maria', lastName: 'Santos', email }),
      post(clerk, '/api/v1/customers', { firstName: 'Maria', lastName: 'Santos-Reyes', email: email.toUpperCase() }),
    ]);
    oneWins(responses, 'email');
    // Unique per tenant only: another ISP may have the same subscriber.
    assert.equal((await post(other, '/api/v1/customers', { firstName: 'Maria', lastName: 'Santos', email })).statusCode, 201);
  });

  it('the same MAC address typed two ways for two ONUs: one is saved, the other gets a 422 on macAddress', async () => {
    const responses = await Promise.all([
      post(owner, '/api/v1/devices', { kind: 'onu', brand: 'Huawei', model: 'HG8145V5', serialNumber: 'RACE-ONU-1', macAddress: 'a4:7c:c9:10:20:30' }),
      post(clerk, '/api/v1/devices', { kind: 'onu', brand: 'Huawei', model: 'HG8145V5', serialNumber: 'RACE-ONU-2', macAddress: 'A47C-C910-2030' }),
    ]);
    oneWins(responses, 'macAddress');
  });

  it('the same LCP code, then the same splitter code and LCP port, then the same NAP code: one of each', async () => {
    const lcps = await Promise.all([post(owner, '/api/v1/lcps', { code: 'LCP-RACE', name: 'Race A' }), post(clerk, '/api/v1/lcps', { code: 'lcp-race', name: 'Race B' })]);
    oneWins(lcps, 'code');
    const lcpId = lcps.find((r) => r.statusCode === 201)!.json<{ id: string }>().id;

    const splitters = await Promise.all([
      post(owner, '/api/v1/splitters', { lcpId, code: 'SP-RACE', ratio: 8, lcpPort: 1 }),
      post(clerk, '/api/v1/splitters', { lcpId, code: 'SP-RACE', ratio: 8, lcpPort: 2 }),
    ]);
    oneWins(splitters, 'code');
    const splitterId = splitters.find((r) => r.statusCode === 201)!.json<{ id: string }>().id;

    const onPort = await Promise.all([
      post(owner, '/api/v1/splitters', { lcpId, code: 'SP-A', ratio: 4, lcpPort: 3 }),
      post(clerk, '/api/v1/splitters', { lcpId, code: 'SP-B', ratio: 4, lcpPort: 3 }),
    ]);
    oneWins(onPort, 'lcpPort');

    const naps = await Promise.all([
      post(owner, '/api/v1/naps', { splitterId, code: 'NAP-RACE', splitterPort: 1, portCount: 8 }),
      post(clerk, '/api/v1/naps', { splitterId, code: 'NAP-RACE', splitterPort: 2, portCount: 8 }),
    ]);
    oneWins(naps, 'code');
  });
});
