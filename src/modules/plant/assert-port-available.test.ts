import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { asStaff, createTestApp, signUpTenant, type StaffSession, type TestApp } from '../../../test/helpers/app.ts';
import { makeCustomer, makeInstallation, makePlantBranch } from '../../../test/helpers/factories.ts';
import { withTenant } from '../../db/tenancy.ts';
import { AppError } from '../../lib/errors.ts';
import { assertPortAvailable } from './assert-port-available.ts';

/** Runs the check in a tenant transaction of its own, as the installation use case would. */
function check(t: TestApp, who: StaffSession, napPortId: string, options: { exceptInstallationId?: string } = {}) {
  return withTenant(t.app.db, who.tenantId, (trx) => assertPortAvailable({ trx, tenantId: who.tenantId }, napPortId, options));
}

async function refusal(promise: Promise<unknown>): Promise<{ field: string; rule: string; message: string }> {
  try {
    await promise;
  } catch (err) {
    assert.ok(err instanceof AppError, String(err));
    assert.equal(err.status, 422);
    assert.equal(err.fields.length, 1);
    return err.fields[0]!;
  }
  assert.fail('expected a 422');
}

describe('assertPortAvailable', () => {
  let t: TestApp;
  let a: StaffSession;
  let b: StaffSession;
  before(async () => {
    t = await createTestApp({ poolMax: 4 });
    a = await signUpTenant(t);
    b = await signUpTenant(t);
  });
  after(async () => {
    await t.close();
  });

  it('returns the port of a free, in-service port under an active chain', async () => {
    const plant = await makePlantBranch(t, a, { napPorts: 4 });
    assert.deepEqual(await check(t, a, plant.ports[2]!.id), { napPortId: plant.ports[2]!.id, napId: plant.nap.id, napCode: plant.nap.code, portNumber: 3 });
  });

  it('refuses, on napPortId, a missing or foreign port, an out-of-service one, one under an inactive level, and a taken one', async () => {
    const plant = await makePlantBranch(t, a, { napPorts: 4 });
    for (const id of [randomUUID(), 'not-a-uuid']) assert.deepEqual((await refusal(check(t, a, id))).rule, 'not_found');
    const foreign = await refusal(check(t, b, plant.ports[0]!.id));
    assert.deepEqual([foreign.field, foreign.rule], ['napPortId', 'not_found']);

    const patch = await asStaff(t, a, { method: 'PATCH', url: `/api/v1/nap-ports/${plant.ports[1]!.id}`, payload: { outOfService: true } });
    assert.equal(patch.statusCode, 200);
    assert.equal((await refusal(check(t, a, plant.ports[1]!.id))).rule, 'out_of_service');

    const customer = await makeCustomer(t, a);
    const held = await makeInstallation(t, a, { customerId: customer.id, napPortId: plant.ports[0]!.id, status: 'scheduled' });
    const taken = await refusal(check(t, a, plant.ports[0]!.id));
    assert.equal(taken.rule, 'taken');
    assert.match(taken.message, new RegExp(customer.account_number));
    // The installation being edited may keep its own port.
    assert.equal((await check(t, a, plant.ports[0]!.id, { exceptInstallationId: held.id })).portNumber, 1);

    const free = plant.ports[3]!.id;
    await withTenant(t.app.db, a.tenantId, (trx) => trx.updateTable('splitters').set({ active: false }).where('tenant_id', '=', a.tenantId).where('id', '=', plant.splitter.id).execute());
    const inactive = await refusal(check(t, a, free));
    assert.equal(inactive.rule, 'inactive');
    assert.match(inactive.message, new RegExp(`splitter ${plant.splitter.code} is deactivated`));
  });

  it('lets one of two staff taking the last free port at once win; the other gets a clear 422', async () => {
    const plant = await makePlantBranch(t, a, { napPorts: 1 });
    const port = plant.ports[0]!.id;
    const c1 = await makeCustomer(t, a);
    const c2 = await makeCustomer(t, a);
    const take = (customerId: string) =>
      withTenant(t.app.db, a.tenantId, async (trx) => {
        await assertPortAvailable({ trx, tenantId: a.tenantId }, port);
        return trx
          .insertInto('installations')
          .values({ tenant_id: a.tenantId, customer_id: customerId, nap_port_id: port, technician_id: null, latitude: null, longitude: null, location_accuracy: null, external_ref: null })
          .returning('id')
          .executeTakeFirstOrThrow();
      });
    const results = await Promise.allSettled([take(c1.id), take(c2.id)]);
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    assert.equal(won.length, 1);
    assert.equal(lost.length, 1);
    const err = lost[0]!.reason as AppError;
    assert.ok(err instanceof AppError, String(err));
    assert.deepEqual([err.status, err.fields[0]?.field, err.fields[0]?.rule], [422, 'napPortId', 'taken']);
  });

  it('refuses a deactivation racing an installation that takes a port beneath it', async () => {
    const plant = await makePlantBranch(t, a, { napPorts: 2 });
    const customer = await makeCustomer(t, a);
    // The installation transaction holds the chain; the deactivation starts while it is open.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let checked!: () => void;
    const portChecked = new Promise<void>((resolve) => (checked = resolve));
    const installing = withTenant(t.app.db, a.tenantId, async (trx) => {
      await assertPortAvailable({ trx, tenantId: a.tenantId }, plant.ports[0]!.id);
      checked();
      await held;
      await trx
        .insertInto('installations')
        .values({ tenant_id: a.tenantId, customer_id: customer.id, nap_port_id: plant.ports[0]!.id, technician_id: null, latitude: null, longitude: null, location_accuracy: null, external_ref: null })
        .execute();
    });
    await portChecked;
    const deactivating = asStaff(t, a, { method: 'POST', url: `/api/v1/lcps/${plant.lcp.id}/deactivate` });
    release();
    await installing;
    const res = await deactivating;
    assert.equal(res.statusCode, 409, res.body);
    assert.equal(res.json().code, 'plant_in_use');
  });
});
