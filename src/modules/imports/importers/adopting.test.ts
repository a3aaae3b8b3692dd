import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestDatabase, type TestDatabase } from '../../../../test/helpers/database.ts';
import { TestClock } from '../../../../test/helpers/app.ts';
import { signUpCompany } from '../../tenants/sign-up-company.ts';
import { withTenant } from '../../../db/tenancy.ts';
import type { ImportType } from '../../../db/schema.ts';
import type { TenantContext } from '../../context.ts';
import { createArea } from '../../areas/create-area.ts';
import { createPlan } from '../../plans/create-plan.ts';
import { importCsv } from '../import-csv.ts';
import { importSystemActor } from '../run-import.ts';

describe('importing areas and plans that staff already made by hand', () => {
  let testDb: TestDatabase;
  const clock = new TestClock();
  let tenantId: string;

  before(async () => {
    testDb = await createTestDatabase();
    ({ tenantId } = await signUpCompany({ db: testDb.db, now: clock.now }, { companyName: 'Bayan Fiber', ownerName: 'Owner', email: 'owner@bayan.test', password: 'correct horse battery' }));
  });
  after(async () => {
    await testDb.close();
  });

  const run = (type: ImportType, text: string, dryRun = false) =>
    importCsv({ db: testDb.db, tenantId, actor: importSystemActor(), now: clock.now }, { type, text, fileName: `${type}.csv`, dryRun, source: 'cli' });
  const inTenant = <T>(fn: (ctx: TenantContext) => Promise<T>) => withTenant(testDb.db, tenantId, (trx) => fn({ tenantId, actor: importSystemActor(), trx, now: clock.now }));
  const areas = () =>
    inTenant((ctx) =>
      ctx.trx
        .selectFrom('service_areas as a')
        .leftJoin('service_areas as p', (j) => j.onRef('p.tenant_id', '=', 'a.tenant_id').onRef('p.id', '=', 'a.parent_id'))
        .select(['a.name', 'a.code', 'a.kind', 'a.external_ref', 'p.name as parent'])
        .where('a.tenant_id', '=', tenantId)
        .orderBy('a.name')
        .orderBy('p.name')
        .execute(),
    );
  const audit = (action: string) =>
    inTenant((ctx) => ctx.trx.selectFrom('audit_events').select(['entity_id', 'before', 'after']).where('tenant_id', '=', tenantId).where('action', '=', action).execute());

  it('adopts an area of the same name under the same parent that has no external_ref, changing nothing else, and a re-run skips it', async () => {
    await inTenant(async (ctx) => {
      const cavite = await createArea(ctx, { name: 'Cavite', code: 'CAV', kind: 'Province' });
      await createArea(ctx, { name: 'Imus', code: 'IMS', kind: 'City', parentId: cavite.id });
      const laguna = await createArea(ctx, { name: 'Laguna', kind: 'Province' });
      await createArea(ctx, { name: 'Imus', kind: 'Town', parentId: laguna.id });
    });
    const file = [
      'external_ref,name,code,kind,parent_code,parent_path',
      'A-1,Cavite,CAVITE,Region,,',
      'A-2,imus,IMUS,Municipality,,Cavite',
      'A-3,Bayan Luma,BL,Barangay,,Cavite > Imus',
    ].join('\n');

    const dry = await run('areas', file, true);
    assert.deepEqual(dry.problems, []);
    assert.deepEqual([dry.created, dry.alreadyImported], [1, 2]);
    assert.equal((await areas()).filter((a) => a.external_ref !== null).length, 0, 'a dry run adopts nothing');

    const report = await run('areas', file);
    assert.deepEqual(report.problems, []);
    // An adopted row counts as already imported: the record was there before the run.
    assert.deepEqual([report.created, report.alreadyImported, report.committed], [1, 2, true]);
    assert.deepEqual(await areas(), [
      { name: 'Bayan Luma', code: 'BL', kind: 'Barangay', external_ref: 'A-3', parent: 'Imus' },
      { name: 'Cavite', code: 'CAV', kind: 'Province', external_ref: 'A-1', parent: null },
      { name: 'Imus', code: 'IMS', kind: 'City', external_ref: 'A-2', parent: 'Cavite' },
      { name: 'Imus', code: null, kind: 'Town', external_ref: null, parent: 'Laguna' },
      { name: 'Laguna', code: null, kind: 'Province', external_ref: null, parent: null },
    ]);
    const adopted = await audit('area.adopted');
    assert.equal(adopted.length, 2);
    assert.deepEqual(
      adopted.map((e) => [(e.before as { externalRef: unknown }).externalRef, (e.after as { externalRef: unknown; code: unknown }).externalRef, (e.after as { code: unknown }).code]).sort((x, y) => String(x[1]).localeCompare(String(y[1]))),
      [[null, 'A-1', 'CAV'], [null, 'A-2', 'IMS']],
    );

    const again = await run('areas', file);
    assert.deepEqual(again.problems, []);
    assert.deepEqual([again.created, again.alreadyImported], [0, 3]);
  });

  it('reports an area of the same name that another external_ref already holds, and writes nothing', async () => {
    const report = await run('areas', ['external_ref,name,parent_path', 'B-1,Bacoor,', 'B-2,Imus,Cavite'].join('\n'));
    assert.deepEqual(report.problems, [
      { line: 3, column: 'name', message: 'An area named "Imus" already exists under this parent with external_ref "A-2"; give this row that external_ref to skip it, or use another name' },
    ]);
    assert.equal(report.committed, false);
    assert.equal((await areas()).some((a) => a.name === 'Bacoor'), false);
  });

  it('adopts a plan of the same name with no external_ref without changing its price or speeds; another external_ref is a clash', async () => {
    await inTenant(async (ctx) => {
      await createPlan(ctx, { name: 'Fiber 50', downloadMbps: 50, uploadMbps: 20, priceMinor: 149_900 });
      await createPlan(ctx, { name: 'Fiber 100', downloadMbps: 100, uploadMbps: 50, priceMinor: 199_900, externalRef: 'OLD-100' });
    });
    const plans = () =>
      inTenant((ctx) => ctx.trx.selectFrom('service_plans').select(['name', 'download_mbps', 'upload_mbps', 'price_minor', 'external_ref']).where('tenant_id', '=', tenantId).orderBy('name').execute());
    const header = 'external_ref,name,download_mbps,upload_mbps,price';

    const clash = await run('plans', [header, 'P-50,fiber 50,50,50,1299.00', 'P-100,Fiber 100,100,100,1699.00'].join('\n'));
    assert.deepEqual(clash.problems, [
      { line: 3, column: 'name', message: 'A plan named "Fiber 100" already exists with external_ref "OLD-100"; give this row that external_ref to skip it, or use another name' },
    ]);
    assert.equal(clash.committed, false);

    const report = await run('plans', [header, 'P-50,fiber 50,50,50,1299.00', 'P-200,Fiber 200,200,100,2499.00'].join('\n'));
    assert.deepEqual(report.problems, []);
    assert.deepEqual([report.created, report.alreadyImported], [1, 1]);
    assert.deepEqual(await plans(), [
      { name: 'Fiber 100', download_mbps: 100, upload_mbps: 50, price_minor: 199_900, external_ref: 'OLD-100' },
      { name: 'Fiber 200', download_mbps: 200, upload_mbps: 100, price_minor: 249_900, external_ref: 'P-200' },
      { name: 'Fiber 50', download_mbps: 50, upload_mbps: 20, price_minor: 149_900, external_ref: 'P-50' },
    ]);
    assert.equal((await audit('plan.adopted')).length, 1);
    const again = await run('plans', [header, 'P-50,fiber 50,50,50,1299.00'].join('\n'));
    assert.deepEqual([again.created, again.alreadyImported, again.problems.length], [0, 1, 0]);
  });
});
