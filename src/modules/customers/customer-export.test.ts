import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { asStaff, createTestApp, signUpTenant, type StaffSession, type TestApp } from '../../../test/helpers/app.ts';
import { makeArea, makeCustomer } from '../../../test/helpers/factories.ts';

interface ImportReport {
  rows: number;
  created: number;
  problems: { line: number; column: string; message: string }[];
  committed: boolean;
}

describe('customer CSV export re-imports with lastmile import customers', () => {
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

  it('uses the importer’s columns, ; between tags and area codes (a path for a shared code), and a dry run in another company reports no problem', async () => {
    const city = await makeArea(t, a, { name: 'Imus', code: 'IMUS' });
    const barangay = await makeArea(t, a, { name: 'Bayan Luma', code: 'BL-1', parent_id: city.id });
    // Two areas share a code: the export names these by path.
    const dupA = await makeArea(t, a, { name: 'Poblacion', code: 'POB', parent_id: city.id });
    const other = await makeArea(t, a, { name: 'Bacoor', code: 'BAC' });
    await makeArea(t, a, { name: 'Poblacion', code: 'POB', parent_id: other.id });

    await makeCustomer(t, a, {
      first_name: 'Rosa',
      last_name: 'Reyes',
      phone: '+63 917 765 4321',
      area_id: barangay.id,
      tags: ['vip', 'tower b'],
      latitude: 14.4297,
      longitude: 120.9367,
      location_accuracy: 'exact',
      location_notes: 'Blue gate',
      notes: '- ask for Lola',
      status: 'active',
      external_ref: 'OLD-1',
    });
    await makeCustomer(t, a, { first_name: 'Pio', last_name: 'Poblacion', area_id: dupA.id, status: 'suspended' });
    await makeCustomer(t, a, { first_name: '', last_name: '', company_name: 'Sari-Sari Store', area_id: null, status: 'lead', email: 'store@example.ph' });

    const csv = await asStaff(t, a, { method: 'GET', url: '/app/customers?format=csv&sort=name' });
    assert.equal(csv.statusCode, 200);
    const lines = csv.body.trim().split('\r\n');
    assert.equal(
      lines[0],
      'external_ref,first_name,last_name,company_name,email,phone,alt_phone,service_address,area_code,area_path,latitude,longitude,location_accuracy,location_notes,status,notes,tags',
    );
    const rosa = lines.find((l) => l.startsWith('OLD-1,'));
    assert.equal(rosa, "OLD-1,Rosa,Reyes,,,+63 917 765 4321,,,BL-1,,14.4297,120.9367,exact,Blue gate,active,'- ask for Lola,vip;tower b");
    const pio = lines.find((l) => l.includes(',Pio,'));
    assert.match(pio ?? '', /^FAC-\d{6},Pio,Poblacion,.*,,Imus > Poblacion,.*,suspended,/);

    // The same area codes (and the shared-code pair, by path) in the second company.
    const bCity = await makeArea(t, b, { name: 'Imus', code: 'IMUS' });
    await makeArea(t, b, { name: 'Bayan Luma', code: 'BL-1', parent_id: bCity.id });
    await makeArea(t, b, { name: 'Poblacion', code: 'POB', parent_id: bCity.id });

    const dry = await asStaff(t, b, { method: 'POST', url: '/api/v1/imports?type=customers&dryRun=true', headers: { 'content-type': 'text/csv' }, payload: csv.body });
    assert.equal(dry.statusCode, 200, dry.body);
    const report = dry.json<ImportReport>();
    assert.deepEqual(report.problems, []);
    assert.equal(report.rows, 3);
    assert.equal(report.created, 3);
    assert.equal(report.committed, false);
  });
});
