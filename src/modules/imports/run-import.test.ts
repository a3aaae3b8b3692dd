import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTestDatabase, type TestDatabase } from '../../../test/helpers/database.ts';
import { TestClock } from '../../../test/helpers/app.ts';
import { signUpCompany } from '../tenants/sign-up-company.ts';
import { withTenant } from '../../db/tenancy.ts';
import type { ImportType } from '../../db/schema.ts';
import { importCsv } from './import-csv.ts';
import { importSystemActor } from './run-import.ts';
import { makePlantBranch } from '../../../test/helpers/factories.ts';
import type { TestApp } from '../../../test/helpers/app.ts';

const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../test/fixtures/imports');
const fixture = (name: string) => fs.readFileSync(path.join(fixtures, name), 'utf8');

describe('CSV import engine', () => {
  // The engine needs a database and a tenant, not the web app.
  let testDb: TestDatabase;
  const clock = new TestClock();
  let owner: { tenantId: string };

  before(async () => {
    testDb = await createTestDatabase();
    owner = await signUpCompany({ db: testDb.db, now: clock.now }, { companyName: 'Bayan Fiber', ownerName: 'Owner', email: 'owner@bayan.test', password: 'correct horse battery' });
  });
  after(async () => {
    await testDb.close();
  });
  const t = { app: { get db() { return testDb.db; } } };

  const run = (type: ImportType, text: string, dryRun = false) =>
    importCsv({ db: t.app.db, tenantId: owner.tenantId, actor: importSystemActor(), now: clock.now }, { type, text, fileName: `${type}.csv`, dryRun, source: 'cli' });

  const count = (table: 'service_areas' | 'customers' | 'cpe_devices' | 'audit_events' | 'import_files') =>
    withTenant(t.app.db, owner.tenantId, async (trx) => {
      const row = await trx.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).where('tenant_id', '=', owner.tenantId).executeTakeFirstOrThrow();
      return Number(row.n);
    });

  it('dry-runs a good areas file: reports what it would create and writes nothing, not even history', async () => {
    const report = await run('areas', fixture('areas.csv'), true);
    assert.deepEqual(report.problems, []);
    assert.equal(report.rows, 6);
    assert.equal(report.created, 6);
    assert.equal(report.committed, false);
    assert.equal(await count('service_areas'), 0);
    assert.equal(await count('import_files'), 0);
  });

  it('imports areas whose parents are earlier rows, by code and by path, as the system actor "import"', async () => {
    const report = await run('areas', fixture('areas.csv'));
    assert.deepEqual(report.problems, []);
    assert.equal(report.created, 6);
    assert.equal(report.committed, true);
    const rows = await withTenant(t.app.db, owner.tenantId, (trx) =>
      trx
        .selectFrom('service_areas as a')
        .leftJoin('service_areas as p', (j) => j.onRef('p.tenant_id', '=', 'a.tenant_id').onRef('p.id', '=', 'a.parent_id'))
        .select(['a.name', 'p.name as parent', 'a.external_ref'])
        .where('a.tenant_id', '=', owner.tenantId)
        .orderBy('a.external_ref')
        .execute(),
    );
    assert.deepEqual(
      rows.map((r) => `${r.external_ref} ${r.name} < ${r.parent ?? '-'}`),
      ['A-ANB Anabu < Imus', 'A-BAC Bacoor < Cavite', 'A-BL Bayan Luma < Imus', 'A-CAV Cavite < -', 'A-IMUS Imus < Cavite', 'A-MOL Molino < Bacoor'],
    );
    const audit = await withTenant(t.app.db, owner.tenantId, (trx) =>
      trx.selectFrom('audit_events').select(['action', 'actor_type']).where('tenant_id', '=', owner.tenantId).where('actor_label', '=', 'import').execute(),
    );
    assert.deepEqual(audit.map((a) => a.action).sort(), [...Array(6).fill('area.created'), 'import.completed']);
    assert.ok(audit.every((a) => a.actor_type === 'system'));
  });

  it('skips every row on a re-run of the same file and creates nothing', async () => {
    const report = await run('areas', fixture('areas.csv'));
    assert.deepEqual(report.problems, []);
    assert.equal(report.created, 0);
    assert.equal(report.alreadyImported, 6);
    assert.equal(await count('service_areas'), 6);
  });

  it('reports every problem of a bad file by line and column, and writes none of its good rows', async () => {
    const file = [
      'external_ref,name,code,kind,parent_code,parent_path',
      'B-1,Laguna,LAG,Province,,',
      'B-2,,X,City,LAG,',
      'B-3,Calamba,CAL,City,NOPE,',
      'B-1,Santa Rosa,SR,City,LAG,',
      ',Biñan,BIN,City,,Laguna > Nowhere',
      'B-6,Laguna,LAG2,Province,,',
      'B-7,"Cabuyao',
      'City",CAB,City,LAG,,extra',
    ].join('\n');
    const areasBefore = await count('service_areas');
    const report = await run('areas', file);
    assert.equal(report.committed, false);
    assert.deepEqual(report.problems, [
      { line: 3, column: 'name', message: 'Name is required' },
      { line: 4, column: 'parent_code', message: 'No area has the code "NOPE"' },
      { line: 5, column: 'external_ref', message: 'Line 2 already has this external_ref' },
      { line: 6, column: 'external_ref', message: 'Required: a reference unique to this row, so a re-run can skip it' },
      { line: 6, column: 'parent_path', message: 'No area "Nowhere" under Laguna' },
      { line: 7, column: 'name', message: 'An area named "Laguna" already exists under this parent with external_ref "B-1"; give this row that external_ref to skip it, or use another name' },
      { line: 8, column: '', message: 'This row has 7 values but the header names 6 columns' },
    ]);
    assert.equal(await count('service_areas'), areasBefore, 'Laguna (line 2, fine on its own) was rolled back with the rest');
    const history = await withTenant(t.app.db, owner.tenantId, (trx) =>
      trx.selectFrom('import_files').select(['status', 'problem_count', 'created_count']).where('tenant_id', '=', owner.tenantId).where('status', '=', 'failed').executeTakeFirstOrThrow(),
    );
    assert.deepEqual(history, { status: 'failed', problem_count: 7, created_count: 1 });
  });

  it('reports unknown and missing columns once, up front', async () => {
    const report = await run('areas', 'external_ref,nmae,code\nX-1,Somewhere,S\n');
    assert.deepEqual(report.problems, [
      { line: 1, column: 'nmae', message: 'Unknown column for areas; the columns are external_ref, name, code, kind, parent_code, parent_path' },
      { line: 1, column: 'name', message: 'This column is required and missing from the header' },
    ]);
    assert.deepEqual((await run('areas', '')).problems, [{ line: 1, column: '', message: 'The file is empty: its first line must name the columns' }]);
    assert.deepEqual((await run('areas', 'external_ref,name\nX-1,"Imus\nX-2,Bacoor\n')).problems, [{ line: 2, column: '', message: 'A quoted value in the row starting here is never closed (a " is missing)' }]);
  });

  it('imports customers with areas by code and path, quoted commas and quotes, tags; account numbers from the counter', async () => {
    const report = await run('customers', fixture('customers.csv'));
    assert.deepEqual(report.problems, []);
    assert.equal(report.created, 3);
    const rows = await withTenant(t.app.db, owner.tenantId, (trx) =>
      trx
        .selectFrom('customers as c')
        .leftJoin('service_areas as a', (j) => j.onRef('a.tenant_id', '=', 'c.tenant_id').onRef('a.id', '=', 'c.area_id'))
        .select(['c.external_ref', 'c.account_number', 'c.display_name', 'c.status', 'c.tags', 'c.notes', 'c.service_address', 'a.name as area'])
        .where('c.tenant_id', '=', owner.tenantId)
        .orderBy('c.external_ref')
        .execute(),
    );
    assert.deepEqual(
      rows.map((r) => [r.external_ref, r.account_number, r.display_name, r.status, r.area, r.tags]),
      [
        ['C-1001', 'ACC-000001', 'Maria Santos', 'active', 'Bayan Luma', ['vip', 'senior']],
        ['C-1002', 'ACC-000002', 'Jose Reyes', 'active', 'Anabu', []],
        ['C-1003', 'ACC-000003', 'Sari-Sari ni Aling Nena', 'lead', 'Molino', ['business']],
      ],
    );
    assert.equal(rows[0]?.service_address, 'Blk 4 Lot 12, Bayan Luma, Imus');
    assert.equal(rows[2]?.notes, 'Asked for "Fiber 50"');
  });

  it('tolerates a UTF-8 BOM, spreadsheet-style headers, blank lines and quoted line breaks, and keeps line numbers true', async () => {
    const file = '\uFEFFExternal Ref,First Name,Area-Code,Notes\r\n\r\nC-3001,Rosa,ANB,"Gate is\r\nblue"\r\n,,,\r\nC-3002,,ANB,\r\n';
    const report = await run('customers', file, true);
    assert.deepEqual(report.problems, [{ line: 6, column: 'first_name', message: 'Enter a first name, or a company name for a business' }]);
    assert.equal(report.rows, 2);
  });

  it('reports several problems on one customer row, under the CSV column names', async () => {
    const file = [
      'external_ref,first_name,last_name,email,phone,area_code,latitude,longitude,status',
      'C-2001,Ana,Cruz,ana@example.ph,0917 000 1111,BL1,14.43,120.94,active',
      'C-2002,,Lim,not-an-email,call me,ZZZ,95,120.9,sleeping',
      'C-2003,Ben,Tan,maria.santos@example.ph,0917 000 2222,,14.4,,',
    ].join('\r\n');
    const customersBefore = await count('customers');
    const report = await run('customers', file);
    assert.deepEqual(report.problems, [
      { line: 3, column: 'area_code', message: 'No area has the code "ZZZ"' },
      { line: 3, column: 'first_name', message: 'Enter a first name, or a company name for a business' },
      { line: 3, column: 'email', message: 'Enter a valid email address' },
      { line: 3, column: 'phone', message: 'Phone may hold only digits, spaces, +, - and parentheses' },
      { line: 3, column: 'latitude', message: 'Latitude must be a number from -90 to 90' },
      { line: 3, column: 'status', message: 'Status must be one of lead, active, suspended, disconnected, terminated' },
      { line: 4, column: 'email', message: 'Another customer already uses this email' },
      { line: 4, column: 'longitude', message: 'Give both latitude and longitude, or neither' },
    ]);
    assert.equal(await count('customers'), customersBefore);
  });

  it('imports CPE devices with MACs in any common form, and refuses a duplicate serial', async () => {
    const report = await run('devices', fixture('devices.csv'));
    assert.deepEqual(report.problems, []);
    assert.equal(report.created, 3);
    const macs = await withTenant(t.app.db, owner.tenantId, (trx) =>
      trx.selectFrom('cpe_devices').select(['serial_number', 'mac_address', 'status']).where('tenant_id', '=', owner.tenantId).orderBy('serial_number').execute(),
    );
    assert.deepEqual(macs[0], { serial_number: 'HWTC1A2B3C01', mac_address: '00:1A:2B:3C:4D:01', status: 'in_stock' });
    const bad = await run('devices', 'external_ref,brand,model,serial_number,mac_address\nD-9,Huawei,HG8145V5,hwtc1a2b3c01,zz:zz\n');
    assert.deepEqual(
      bad.problems.map((p) => `${p.line} ${p.column}`),
      ['2 mac_address', '2 serial_number'],
    );
  });

  it('imports plans with prices in major units of the tenant currency, and reports bad amounts and speeds by column', async () => {
    const report = await run('plans', fixture('plans.csv'));
    assert.deepEqual(report.problems, []);
    assert.equal(report.created, 4);
    const plans = await withTenant(t.app.db, owner.tenantId, (trx) =>
      trx.selectFrom('service_plans').select(['name', 'price_minor', 'setup_fee_minor', 'period_unit', 'currency']).where('tenant_id', '=', owner.tenantId).orderBy('name').execute(),
    );
    const currency = plans[0]?.currency;
    assert.ok(currency);
    assert.deepEqual(
      plans.map((p) => [p.name, Number(p.price_minor), p.setup_fee_minor === null ? null : Number(p.setup_fee_minor), p.period_unit]),
      [
        ['Daily Pass 20', 5000, null, 'day'],
        ['Fiber 100', 169900, null, 'month'],
        ['Fiber 300', 249900, 0, 'month'],
        ['Fiber 50', 129900, 50000, 'month'],
      ],
    );
    const bad = await run('plans', 'external_ref,name,download_mbps,upload_mbps,price,setup_fee\nP-9,Fiber 50,fast,,12.345,-5\n');
    assert.deepEqual(bad.problems, [
      { line: 2, column: 'name', message: 'A plan named "Fiber 50" already exists with external_ref "P-50"; give this row that external_ref to skip it, or use another name' },
      { line: 2, column: 'download_mbps', message: 'Must be a whole number' },
      { line: 2, column: 'price', message: `Must be an amount in ${currency}, like 1499.00` },
      { line: 2, column: 'setup_fee', message: `Must be an amount in ${currency}, like 1499.00` },
      { line: 2, column: 'upload_mbps', message: 'Upload speed is required' },
    ]);
  });

  it('imports installations on NAP ports by codes, with devices by serial, and reports taken ports and unknown references', async () => {
    await makePlantBranch(t as unknown as TestApp, owner, { lcp: { code: 'LCP-IMUS' }, splitter: { code: 'SPL-1' }, nap: { code: 'NAP-01' } });
    const header = 'external_ref,customer_ref,account_number,lcp_code,splitter_code,nap_code,port,cpe_serial,status,scheduled_on,completed_on';
    const good = [header, 'I-1,C-1001,,LCP-IMUS,SPL-1,NAP-01,1,HWTC1A2B3C01,active,2026-11-02,2026-11-03', 'I-2,,ACC-000003,,,nap-01,3,,scheduled,2026-12-01,'].join('\n');
    const report = await run('installations', good);
    assert.deepEqual(report.problems, []);
    assert.equal(report.created, 2);
    const rows = await withTenant(t.app.db, owner.tenantId, (trx) =>
      trx
        .selectFrom('installations as i')
        .innerJoin('customers as c', (j) => j.onRef('c.tenant_id', '=', 'i.tenant_id').onRef('c.id', '=', 'i.customer_id'))
        .leftJoin('nap_ports as p', (j) => j.onRef('p.tenant_id', '=', 'i.tenant_id').onRef('p.id', '=', 'i.nap_port_id'))
        .select(['i.external_ref', 'c.external_ref as customer', 'p.port_number', 'i.status'])
        .where('i.tenant_id', '=', owner.tenantId)
        .orderBy('i.external_ref')
        .execute(),
    );
    assert.deepEqual(rows, [
      { external_ref: 'I-1', customer: 'C-1001', port_number: 1, status: 'active' },
      { external_ref: 'I-2', customer: 'C-1003', port_number: 3, status: 'scheduled' },
    ]);
    const device = await withTenant(t.app.db, owner.tenantId, (trx) => trx.selectFrom('cpe_devices').select('status').where('tenant_id', '=', owner.tenantId).where('serial_number', '=', 'HWTC1A2B3C01').executeTakeFirstOrThrow());
    assert.equal(device.status, 'installed');

    const bad = [header, 'I-3,C-9999,,LCP-IMUS,SPL-1,NAP-01,1,HWTC1A2B3C02,active,,', 'I-4,C-1002,,,,NAP-01,99,NOPE,active,,2030-01-01', 'I-5,C-1002,,,,,,,scheduled,2026-12-24,,'].join('\n');
    const refused = await run('installations', bad);
    assert.deepEqual(refused.problems, [
      { line: 2, column: 'customer_ref', message: 'No customer was imported with the external ref "C-9999"' },
      { line: 2, column: 'port', message: 'Port 1 of NAP NAP-01 is taken by customer ACC-000001; pick a free port' },
      { line: 3, column: 'port', message: 'NAP box NAP-01 has no port 99' },
      { line: 3, column: 'cpe_serial', message: 'No device in the inventory has the serial number "NOPE"' },
      { line: 3, column: 'completed_on', message: 'Completion date cannot be in the future' },
      { line: 4, column: '', message: 'This row has 12 values but the header names 11 columns' },
    ]);
    const installations = await withTenant(t.app.db, owner.tenantId, (trx) => trx.selectFrom('installations').select('id').where('tenant_id', '=', owner.tenantId).execute());
    assert.equal(installations.length, 2, 'the good row I-5 was rolled back with the file');
  });
});

describe('importing a whole spreadsheet, in order', () => {
  let testDb: TestDatabase;
  const clock = new TestClock();
  let tenantId: string;

  before(async () => {
    testDb = await createTestDatabase();
    ({ tenantId } = await signUpCompany({ db: testDb.db, now: clock.now }, { companyName: 'Cavite Fiber', ownerName: 'Owner', email: 'owner@cavite.test', password: 'correct horse battery' }));
  });
  after(async () => {
    await testDb.close();
  });

  const run = (type: ImportType, text: string) =>
    importCsv({ db: testDb.db, tenantId, actor: importSystemActor(), now: clock.now }, { type, text, fileName: `${type}.csv`, dryRun: false, source: 'cli' });

  it('imports every example file, installations with their services, and a second pass creates nothing', async () => {
    const t = { app: { db: testDb.db } } as unknown as TestApp;
    await makePlantBranch(t, { tenantId }, { lcp: { code: 'LCP-IMUS' }, splitter: { code: 'SPL-1' }, nap: { code: 'NAP-01' } });
    const order: ImportType[] = ['areas', 'plans', 'customers', 'devices', 'installations'];
    for (const type of order) {
      const report = await run(type, fixture(`${type}.csv`));
      assert.deepEqual(report.problems, [], type);
    }
    const services = await withTenant(testDb.db, tenantId, (trx) =>
      trx
        .selectFrom('services as s')
        .innerJoin('service_plans as p', (j) => j.onRef('p.tenant_id', '=', 's.tenant_id').onRef('p.id', '=', 's.plan_id'))
        .innerJoin('installations as i', (j) => j.onRef('i.tenant_id', '=', 's.tenant_id').onRef('i.id', '=', 's.installation_id'))
        .select(['s.external_ref', 'p.name', 's.billing_mode', 's.status', 's.start_on', 's.discount_minor', 's.adjustment_reason', 'i.external_ref as installation'])
        .where('s.tenant_id', '=', tenantId)
        .orderBy('s.external_ref')
        .execute(),
    );
    assert.deepEqual(
      services.map((r) => ({ ...r, discount_minor: r.discount_minor === null ? null : Number(r.discount_minor) })),
      [
        { external_ref: 'I-1001', name: 'Fiber 50', billing_mode: 'postpaid', status: 'active', start_on: '2026-11-03', discount_minor: null, adjustment_reason: '', installation: 'I-1001' },
        { external_ref: 'I-1002', name: 'Fiber 100', billing_mode: 'prepaid', status: 'active', start_on: '2026-11-05', discount_minor: 10000, adjustment_reason: 'Loyalty discount', installation: 'I-1002' },
      ],
    );
    for (const type of order) {
      const again = await run(type, fixture(`${type}.csv`));
      assert.equal(again.created, 0, type);
      assert.equal(again.alreadyImported, again.rows, type);
    }
  });

  it('moves in a subscriber who is cut off today: a suspended service for a suspended customer; an active one is refused with the way out', async () => {
    const customers = await run('customers', ['external_ref,first_name,last_name,status', 'C-9001,Lorna,Tomas,suspended', 'C-9002,Arnel,Cruz,disconnected'].join('\n'));
    assert.deepEqual(customers.problems, []);
    const refused = await run('installations', ['external_ref,customer_ref,nap_code,port,status,completed_on,plan,billing_mode,start_on', 'I-9002,C-9002,NAP-01,7,active,2026-10-01,Fiber 50,prepaid,2026-10-01'].join('\n'));
    assert.equal(refused.problems.length, 1);
    assert.deepEqual([refused.problems[0]?.line, refused.problems[0]?.column], [2, 'customer_ref']);
    assert.match(refused.problems[0]?.message ?? '', /disconnected.*add it as suspended/);
    const file = ['external_ref,customer_ref,nap_code,port,status,completed_on,plan,billing_mode,start_on,service_status', 'I-9001,C-9001,NAP-01,6,active,2026-10-01,Fiber 50,prepaid,2026-10-01,suspended', 'I-9002,C-9002,NAP-01,7,active,2026-10-01,Fiber 50,prepaid,2026-10-01,suspended'].join('\n');
    const report = await run('installations', file);
    assert.deepEqual(report.problems, []);
    const statuses = await withTenant(testDb.db, tenantId, (trx) => trx.selectFrom('services').select(['external_ref', 'status']).where('tenant_id', '=', tenantId).where('external_ref', 'in', ['I-9001', 'I-9002']).orderBy('external_ref').execute());
    assert.deepEqual(statuses, [
      { external_ref: 'I-9001', status: 'suspended' },
      { external_ref: 'I-9002', status: 'suspended' },
    ]);
  });

  it('checks the service columns of a row even when its installation is refused', async () => {
    const file = [
      'external_ref,customer_ref,nap_code,port,status,plan,billing_mode,start_on,discount',
      'I-2001,C-1003,NAP-01,1,active,Fiber 999,monthly,2026-13-01,50.00',
      'I-2002,C-1003,,,scheduled,,postpaid,,',
    ].join('\n');
    const report = await run('installations', file);
    assert.deepEqual(report.problems, [
      { line: 2, column: 'port', message: 'Port 1 of NAP NAP-01 is taken by customer ACC-000001; pick a free port' },
      { line: 2, column: 'plan', message: 'No plan is named "Fiber 999"' },
      { line: 2, column: 'billing_mode', message: 'Billing mode is prepaid or postpaid' },
      { line: 2, column: 'start_on', message: 'Start date must be a date written YYYY-MM-DD' },
      { line: 2, column: 'adjustment_reason', message: 'Say why this subscriber pays a different price' },
      { line: 3, column: 'plan', message: 'Give the plan to create a service, or leave billing_mode empty' },
    ]);
  });
});
