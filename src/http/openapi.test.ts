import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../app.ts';
import { loadConfig } from '../config.ts';
import { createMailer } from '../modules/mail/mailer.ts';
import { createTestDatabase, type TestDatabase } from '../../test/helpers/database.ts';

interface OpenApiDocument {
  components: { schemas: Record<string, unknown> };
}

/** Client generators name their types after the component keys, so the keys are the schemas' names. */
describe('OpenAPI document', () => {
  let testDb: TestDatabase;
  let app: FastifyInstance;
  let dataDir: string;
  let doc: OpenApiDocument;
  let text: string;

  before(async () => {
    testDb = await createTestDatabase();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lastmile-test-'));
    const mailer = createMailer({ smtpUrl: undefined, from: 'test@localhost', dataDir });
    app = await buildApp({ config: { ...loadConfig({ LOG_LEVEL: 'silent' }), dataDir }, db: testDb.db, mailer, logger: false });
    await app.ready();
    const res = await app.inject({ method: 'GET', url: '/api/v1/openapi.json' });
    assert.equal(res.statusCode, 200);
    text = res.body;
    doc = res.json<OpenApiDocument>();
  });
  after(async () => {
    await app.close();
    await testDb.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('names component schemas by their $id, not def-0, def-1, ...', () => {
    const names = Object.keys(doc.components.schemas);
    for (const name of ['CustomerListItem', 'ServicePlan', 'Lcp', 'Nap', 'NapPort', 'CpeDevice', 'Installation', 'Service', 'Problem']) {
      assert.ok(names.includes(name), `${name} in ${names.join(', ')}`);
    }
    assert.deepEqual(names.filter((name) => /^def-\d+$/.test(name)), []);
  });

  it('has every $ref pointing at a component that exists', () => {
    const refs = [...text.matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)].map((m) => m[1] as string);
    assert.ok(refs.length > 0);
    for (const ref of refs) assert.ok(ref in doc.components.schemas, `missing component ${ref}`);
  });
});
