import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { addStaff, asStaff, createTestApp, signUpTenant, type StaffSession, type TestApp } from '../../../test/helpers/app.ts';
import { makeCustomer, makeDevice, makeInstallation, makePlantBranch } from '../../../test/helpers/factories.ts';

interface ImportReport {
  rows: number;
  created: number;
  problems: { line: number; column: string; message: string }[];
  committed: boolean;
}

const IMPORTER_COLUMNS =
  'external_ref,customer_ref,lcp_code,splitter_code,nap_code,port,cpe_serial,technician_email,status,scheduled_on,completed_on,service_address,latitude,longitude,location_accuracy,location_notes,notes';

describe('installation CSV export re-imports with lastmile import installations', () => {
  let t: TestApp;
  let a: StaffSession;
  let b: StaffSession;
  before(async () => {
    t = await createTestApp();
    a = await signUpTenant(t, { companyName: 'Alpha Fiber' });
    b = await signUpTenant(t, { companyName: 'Beta Fiber' });
  });
  after(async () => {
    await t.close();
  });

  it('has the importer’s columns in its order, then customer and ended_on; without those two a dry run in another company reports no problem, and the import keeps the location notes', async () => {
    const tech = await addStaff(t, a, 'technician', 'tech@fiber.test');
    const branch = await makePlantBranch(t, a, { lcp: { code: 'LCP-IMUS' }, splitter: { code: 'SPL-1' }, nap: { code: 'NAP-01' } });
    const rosa = await makeCustomer(t, a, { first_name: 'Rosa', last_name: 'Reyes', external_ref: 'OLD-7' });
    const pio = await makeCustomer(t, a, { first_name: 'Pio', last_name: 'Pascual' });
    const live = await makeInstallation(t, a, {
      customerId: rosa.id,
      napPortId: branch.ports[2]!.id,
      technician_id: tech.userId,
      service_address: '12 Mabini St',
      latitude: 14.4297,
      longitude: 120.9367,
      location_accuracy: 'exact',
      location_notes: 'Blue gate, ring twice',
      notes: 'Ladder needed',
      external_ref: 'INS-1',
    });
    await makeDevice(t, a, { serial_number: 'SN-B', installation_id: live.id, status: 'installed' });
    await makeDevice(t, a, { serial_number: 'SN-A', installation_id: live.id, status: 'installed' });
    const booked = await makeInstallation(t, a, { customerId: pio.id, status: 'scheduled', completed_on: null, service_address: 'Purok 3' });

    const csv = await asStaff(t, a, { method: 'GET', url: '/app/installations?format=csv&sort=customer&dir=asc' });
    assert.equal(csv.statusCode, 200);
    const lines = csv.body.trim().split('\r\n');
    assert.equal(lines[0], `${IMPORTER_COLUMNS},customer,ended_on`);
    assert.deepEqual(lines.slice(1), [
      `${booked.id},${pio.account_number},,,,,,,scheduled,2026-11-20,,Purok 3,,,,,,Pio Pascual,`,
      'INS-1,OLD-7,LCP-IMUS,SPL-1,NAP-01,3,SN-A;SN-B,tech@fiber.test,active,2026-11-20,2026-11-21,12 Mabini St,14.4297,120.9367,exact,"Blue gate, ring twice",Ladder needed,Rosa Reyes,',
    ]);

    // The second company has the same customers (as the customers export names them), plant
    // codes, devices in stock and technician.
    await makeCustomer(t, b, { external_ref: 'OLD-7' });
    await makeCustomer(t, b, { external_ref: pio.account_number });
    await makePlantBranch(t, b, { lcp: { code: 'LCP-IMUS' }, splitter: { code: 'SPL-1' }, nap: { code: 'NAP-01' } });
    await makeDevice(t, b, { serial_number: 'SN-A' });
    await makeDevice(t, b, { serial_number: 'SN-B' });
    await addStaff(t, b, 'technician', 'tech@fiber.test');
    const importable = stringify(
      (parse(csv.body) as string[][]).map((record) => record.slice(0, -2)),
      { record_delimiter: '\r\n' },
    );
    assert.equal(importable.split('\r\n')[0], IMPORTER_COLUMNS);

    const dry = await asStaff(t, b, { method: 'POST', url: '/api/v1/imports?type=installations&dryRun=true', headers: { 'content-type': 'text/csv' }, payload: importable });
    assert.equal(dry.statusCode, 200, dry.body);
    const report = dry.json<ImportReport>();
    assert.deepEqual(report.problems, []);
    assert.equal(report.rows, 2);
    assert.equal(report.created, 2);

    const imported = await asStaff(t, b, { method: 'POST', url: '/api/v1/imports?type=installations', headers: { 'content-type': 'text/csv' }, payload: importable });
    assert.equal(imported.statusCode, 201, imported.body);
    const again = await asStaff(t, b, { method: 'GET', url: '/app/installations?format=csv&sort=customer&dir=asc' });
    assert.match(again.body, /exact,"Blue gate, ring twice",Ladder needed/, 'the location notes made the round trip');
  });
});
