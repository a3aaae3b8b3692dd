import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { addStaff, asStaff, createTestApp, signUpTenant, type StaffSession, type TestApp } from '../../../test/helpers/app.ts';
import { withTenant } from '../../db/tenancy.ts';
import { UPLOAD_MAX_ROWS } from './upload-import-file.ts';

const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../test/fixtures/imports');

function upload(staff: StaffSession, fields: Record<string, string>, file?: { filename: string; text: string }) {
  const boundary = '----lastmileimport' + Math.random().toString(16).slice(2);
  const parts: string[] = [];
  for (const [k, v] of Object.entries({ _csrf: staff.csrf, ...fields })) parts.push(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`);
  if (file) parts.push(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.filename}"\r\nContent-Type: text/csv\r\n\r\n${file.text}\r\n`);
  parts.push(`--${boundary}--\r\n`);
  return { method: 'POST' as const, url: '/app/imports', payload: parts.join(''), headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, accept: 'text/html' } };
}

const form = (staff: StaffSession) => ({ headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' }, payload: `_csrf=${staff.csrf}` });

describe('import pages and API', () => {
  let t: TestApp;
  let owner: StaffSession;
  let other: StaffSession;

  before(async () => {
    t = await createTestApp();
    owner = await signUpTenant(t, { companyName: 'Bayan Fiber', ownerName: 'Liza Ramos' });
    other = await signUpTenant(t, { companyName: 'Other Net' });
  });
  after(async () => {
    await t.close();
  });

  const areaNames = (staff: StaffSession) =>
    withTenant(t.app.db, staff.tenantId, async (trx) => (await trx.selectFrom('service_areas').select('name').where('tenant_id', '=', staff.tenantId).orderBy('name').execute()).map((a) => a.name));

  it('shows the upload form, the columns of every type and an empty history', async () => {
    const res = await asStaff(t, owner, { method: 'GET', url: '/app/imports', headers: { accept: 'text/html' } });
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /enctype="multipart\/form-data"/);
    assert.match(res.body, /<code>area_path<\/code>/);
    assert.match(res.body, /<code>customer_ref<\/code>/);
    assert.match(res.body, /Nothing matches\./);
    const template = await asStaff(t, owner, { method: 'GET', url: '/app/imports/template?type=devices' });
    assert.equal(template.statusCode, 200);
    assert.equal(template.body, 'external_ref,kind,brand,model,serial_number,mac_address,notes\r\n');
  });

  it('re-renders the form with inline messages (422) when the type or the file is missing, and keeps nothing', async () => {
    const noFile = await asStaff(t, owner, upload(owner, { type: 'areas' }));
    assert.equal(noFile.statusCode, 422);
    assert.match(noFile.body, /Choose a CSV file to upload/);
    const noType = await asStaff(t, owner, upload(owner, { type: '' }, { filename: 'a.csv', text: 'external_ref,name\nA,B\n' }));
    assert.equal(noType.statusCode, 422);
    assert.match(noType.body, /Choose what the file holds/);
    const kept = await withTenant(t.app.db, owner.tenantId, (trx) => trx.selectFrom('import_files').select('id').where('tenant_id', '=', owner.tenantId).execute());
    assert.equal(kept.length, 0);
  });

  it('shows a bad file’s problems as a table of line, column and problem, with no import button', async () => {
    const text = 'external_ref,name,code,parent_code\r\nL-1,Laguna,LAG,\r\nL-2,,X,LAG\r\nL-3,Calamba,CAL,NOPE\r\n';
    const res = await asStaff(t, owner, upload(owner, { type: 'areas' }, { filename: 'laguna.csv', text }));
    assert.equal(res.statusCode, 303);
    const page = await asStaff(t, owner, { method: 'GET', url: String(res.headers.location), headers: { accept: 'text/html' } });
    assert.equal(page.statusCode, 200);
    const table = page.body.slice(page.body.indexOf('data-testid="import-problems"'));
    const cells = [...table.matchAll(/<tr><td>(\d+)<\/td><td>(?:<code>)?([^<]*)(?:<\/code>)?<\/td><td>([^<]*)<\/td><\/tr>/g)].map((m) => `${m[1]} ${m[2]} ${m[3]}`);
    assert.deepEqual(cells, ['3 name Name is required', '4 parent_code No area has the code &quot;NOPE&quot;']);
    assert.doesNotMatch(page.body, /\/run"/);
    assert.deepEqual(await areaNames(owner), []);
  });

  it('checks a good file, imports it with one click without a second upload, and refuses a second run', async () => {
    const res = await asStaff(t, owner, upload(owner, { type: 'areas' }, { filename: 'areas.csv', text: fs.readFileSync(path.join(fixtures, 'areas.csv'), 'utf8') }));
    assert.equal(res.statusCode, 303);
    const url = String(res.headers.location);
    const checked = await asStaff(t, owner, { method: 'GET', url, headers: { accept: 'text/html' } });
    assert.match(checked.body, /Import 6 rows now/);
    assert.match(checked.body, /data-testid="import-status">Checked</);
    assert.deepEqual(await areaNames(owner), [], 'the check wrote nothing');

    const run = await asStaff(t, owner, { method: 'POST', url: `${url}/run`, ...form(owner) });
    assert.equal(run.statusCode, 303);
    assert.equal(run.headers.location, `${url}?notice=imported`);
    assert.deepEqual(await areaNames(owner), ['Anabu', 'Bacoor', 'Bayan Luma', 'Cavite', 'Imus', 'Molino']);
    const done = await asStaff(t, owner, { method: 'GET', url: `${url}?notice=imported`, headers: { accept: 'text/html' } });
    assert.match(done.body, /data-testid="import-status">Imported</);
    assert.match(done.body, /6 rows: 6 created, 0 already imported, 0 problems/);

    const stored = await withTenant(t.app.db, owner.tenantId, (trx) => trx.selectFrom('import_files').select(['content', 'status']).where('tenant_id', '=', owner.tenantId).where('id', '=', url.split('/').pop() ?? '').executeTakeFirstOrThrow());
    assert.deepEqual(stored, { content: null, status: 'imported' }, 'the file is dropped once its rows are in');
    const again = await asStaff(t, owner, { method: 'POST', url: `${url}/run`, ...form(owner) });
    assert.equal(again.statusCode, 409);
    assert.match(again.body, /This file has already been imported/);
    assert.equal((await areaNames(owner)).length, 6);

    const audit = await withTenant(t.app.db, owner.tenantId, (trx) =>
      trx.selectFrom('audit_events').select(['action', 'actor_label']).where('tenant_id', '=', owner.tenantId).where('action', 'in', ['area.created', 'import.completed']).execute(),
    );
    assert.equal(audit.length, 7);
    assert.ok(audit.every((a) => a.actor_label === 'Liza Ramos (import)'));

    // The same file again: every row was imported before, so there is nothing to run.
    const repeat = await asStaff(t, owner, upload(owner, { type: 'areas' }, { filename: 'areas.csv', text: fs.readFileSync(path.join(fixtures, 'areas.csv'), 'utf8') }));
    assert.equal(repeat.statusCode, 303);
    const nothing = await asStaff(t, owner, { method: 'GET', url: String(repeat.headers.location), headers: { accept: 'text/html' } });
    assert.match(nothing.body, /data-testid="import-nothing">Nothing to import: all 6 rows were imported before\.</);
    assert.doesNotMatch(nothing.body, /Import \d+ rows? now/);
    assert.doesNotMatch(nothing.body, /\/run"/);

    const history = await asStaff(t, owner, { method: 'GET', url: '/app/imports?status=imported', headers: { accept: 'text/html' } });
    assert.match(history.body, /Service areas<\/td><td>areas\.csv <span class="muted">\(Upload\)<\/span><\/td><td>Liza Ramos \(import\)<\/td>/);
    const csv = await asStaff(t, owner, { method: 'GET', url: '/app/imports?format=csv' });
    assert.match(String(csv.headers['content-type']), /^text\/csv/);
    const lines = csv.body.trim().split('\r\n');
    assert.equal(lines[0], 'created_at,type,source,file_name,uploaded_by,status,rows,created,already_imported,problems,imported_at,imported_by');
    assert.equal(lines.length, 4, 'the three uploads of this company, none of the other');
  });

  it('a file whose content housekeeping removed says it must be uploaded again, and cannot be run', async () => {
    const res = await asStaff(t, owner, upload(owner, { type: 'areas' }, { filename: 'stale.csv', text: 'external_ref,name\nST-1,Stale Area\n' }));
    const url = String(res.headers.location);
    const id = url.split('/').pop() ?? '';
    // What the nightly job does to a file left unimported for 7 days (src/jobs/housekeeping).
    await withTenant(t.app.db, owner.tenantId, (trx) =>
      trx.updateTable('import_files').set({ content: null, content_cleared_at: t.clock.now() }).where('tenant_id', '=', owner.tenantId).where('id', '=', id).execute(),
    );
    const page = await asStaff(t, owner, { method: 'GET', url, headers: { accept: 'text/html' } });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /data-testid="import-content-cleared">[^<]*not imported within 7 days[^<]*upload the file again\./);
    assert.match(page.body, /1 rows: 1 to create/, 'the report stays');
    assert.doesNotMatch(page.body, /\/run"/);
    const run = await asStaff(t, owner, { method: 'POST', url: `${url}/run`, ...form(owner) });
    assert.equal(run.statusCode, 409);
    assert.match(run.body, /upload it again/);
    const api = await asStaff(t, owner, { method: 'GET', url: `/api/v1/imports/${id}` });
    assert.equal(api.json().contentClearedAt, t.clock.now().toISOString());
    assert.ok(!(await areaNames(owner)).includes('Stale Area'));
  });

  it('refuses staff without imports.run, and another company’s import is not found', async () => {
    const support = await addStaff(t, owner, 'support');
    assert.equal((await asStaff(t, support, { method: 'GET', url: '/app/imports', headers: { accept: 'text/html' } })).statusCode, 403);
    assert.equal((await asStaff(t, support, upload(support, { type: 'areas' }, { filename: 'a.csv', text: 'external_ref,name\nS-1,Support Area\n' }))).statusCode, 403);
    const api = await asStaff(t, support, { method: 'POST', url: '/api/v1/imports?type=areas', headers: { 'content-type': 'text/csv' }, payload: 'external_ref,name\nS-1,X\n' });
    assert.equal(api.statusCode, 403);

    const [mine] = await withTenant(t.app.db, owner.tenantId, (trx) => trx.selectFrom('import_files').select('id').where('tenant_id', '=', owner.tenantId).execute());
    assert.ok(mine);
    assert.equal((await asStaff(t, other, { method: 'GET', url: `/app/imports/${mine.id}`, headers: { accept: 'text/html' } })).statusCode, 404);
    assert.equal((await asStaff(t, other, { method: 'POST', url: `/app/imports/${mine.id}/run`, ...form(other) })).statusCode, 404);
    assert.equal((await asStaff(t, other, { method: 'GET', url: `/api/v1/imports/${mine.id}` })).statusCode, 404);
    assert.equal((await asStaff(t, other, { method: 'GET', url: '/app/imports/not-a-uuid', headers: { accept: 'text/html' } })).statusCode, 404);
  });

  it('imports through the API from a text/csv body: dry run 200, problems 422 with the report, success 201', async () => {
    const post = (query: string, payload: string) => asStaff(t, other, { method: 'POST', url: `/api/v1/imports?${query}`, headers: { 'content-type': 'text/csv' }, payload });
    const good = 'external_ref,name,code\nO-1,Rizal,RIZ\nO-2,Laguna,LAG\n';
    const dry = await post('type=areas&dryRun=true', good);
    assert.equal(dry.statusCode, 200, dry.body);
    assert.deepEqual(dry.json(), { importId: null, type: 'areas', dryRun: true, rows: 2, created: 2, alreadyImported: 0, committed: false, problemCount: 0, problems: [], problemsTruncated: false });

    const bad = await post('type=areas', 'external_ref,name\nO-3,\n');
    assert.equal(bad.statusCode, 422);
    assert.deepEqual(bad.json().problems, [{ line: 2, column: 'name', message: 'Name is required' }]);
    assert.equal(bad.json().committed, false);

    const real = await post('type=areas&fileName=provinces.csv', good);
    assert.equal(real.statusCode, 201, real.body);
    assert.equal(real.json().created, 2);
    assert.deepEqual(await areaNames(other), ['Laguna', 'Rizal']);

    const list = await asStaff(t, other, { method: 'GET', url: '/api/v1/imports' });
    assert.equal(list.statusCode, 200);
    assert.deepEqual(
      list.json().items.map((i: { status: string; source: string; created: number; fileName: string }) => [i.status, i.source, i.created, i.fileName]).sort(),
      [
        ['failed', 'api', 0, ''],
        ['imported', 'api', 2, 'provinces.csv'],
      ],
    );
    const doc = (await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json();
    assert.deepEqual(Object.keys(doc.paths['/api/v1/imports'].post.requestBody.content), ['text/csv']);
    assert.deepEqual(doc.paths['/api/v1/imports/{id}'].get.tags, ['imports']);

    const unknownType = await post('type=widgets', good);
    assert.equal(unknownType.statusCode, 422);
    assert.match(String(unknownType.headers['content-type']), /^application\/problem\+json/);
  });

  it('answers at most 1,000 problems with problemCount and problemsTruncated, in the report and the history', async () => {
    const bad = 'external_ref,name\n' + Array.from({ length: 1500 }, (_, i) => `T-${i},\n`).join('');
    const post = (query: string) => asStaff(t, other, { method: 'POST', url: `/api/v1/imports?${query}`, headers: { 'content-type': 'text/csv' }, payload: bad });
    for (const [query, status] of [['type=areas&dryRun=true', 200], ['type=areas&fileName=blank.csv', 422]] as const) {
      const res = await post(query);
      assert.equal(res.statusCode, status, res.body);
      const body = res.json();
      assert.equal(body.problemCount, 1500);
      assert.equal(body.problems.length, 1000);
      assert.equal(body.problemsTruncated, true);
      assert.deepEqual(body.problems[0], { line: 2, column: 'name', message: 'Name is required' });
      assert.equal(body.problems[999].line, 1001);
    }
    const history = (await asStaff(t, other, { method: 'GET', url: '/api/v1/imports?status=failed' })).json();
    const failed = history.items.find((i: { fileName: string }) => i.fileName === 'blank.csv');
    assert.deepEqual([failed.problemCount, failed.problems.length, failed.problemsTruncated], [1500, 1000, true]);
    const one = (await asStaff(t, other, { method: 'GET', url: `/api/v1/imports/${failed.id}` })).json();
    assert.deepEqual([one.problemCount, one.problems.length, one.problemsTruncated], [1500, 1000, true]);

    const doc = (await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json();
    const report = doc.components.schemas.ImportReport;
    assert.deepEqual([report.properties.problemCount.type, report.properties.problemsTruncated.type], ['integer', 'boolean']);
    assert.ok(report.required.includes('problemsTruncated'));
    assert.equal(doc.components.schemas.Import.properties.problemsTruncated.type, 'boolean');
  });

  it('refuses a file of more rows than uploads and the API take, as one problem, through the page and the API alike', async () => {
    const tiny = 'external_ref,name\n' + 'x,y\n'.repeat(UPLOAD_MAX_ROWS + 1);
    const api = await asStaff(t, owner, { method: 'POST', url: '/api/v1/imports?type=areas&dryRun=true', headers: { 'content-type': 'text/csv' }, payload: tiny });
    assert.equal(api.statusCode, 200, 'a dry run reports');
    assert.deepEqual(api.json().problems, [{ line: UPLOAD_MAX_ROWS + 2, column: '', message: 'The file has more than 100,000 rows; split it into several files' }]);

    const page = await asStaff(t, owner, upload(owner, { type: 'areas' }, { filename: 'tiny.csv', text: tiny }));
    assert.equal(page.statusCode, 303);
    const report = await asStaff(t, owner, { method: 'GET', url: String(page.headers.location), headers: { accept: 'text/html' } });
    assert.match(report.body, /more than 100,000 rows/);
    assert.doesNotMatch(report.body, /Import \d+ rows? now/);
  });
});
