/** Route-matrix samples for CSV imports. See route-samples.ts for what a sample must do. */
import assert from 'node:assert/strict';
import { asStaff } from '../../helpers/app.ts';
import { next, type RouteSample, type SampleContext, type SampleEntity } from '../sample-kit.ts';

/** The victim uploads a file on the upload page (a checked, importable areas file). */
async function victimUpload(ctx: SampleContext): Promise<SampleEntity> {
  const boundary = `----sample${next()}`;
  const csv = `external_ref,name\r\nV-${next()},Victim Area ${next()}\r\n`;
  const payload = [
    `--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${ctx.victim.csrf}\r\n`,
    `--${boundary}\r\nContent-Disposition: form-data; name="type"\r\n\r\nareas\r\n`,
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="areas.csv"\r\nContent-Type: text/csv\r\n\r\n${csv}\r\n`,
    `--${boundary}--\r\n`,
  ].join('');
  const res = await asStaff(ctx.t, ctx.victim, { method: 'POST', url: '/app/imports', payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } });
  assert.equal(res.statusCode, 303, `upload: ${res.statusCode} ${res.body.slice(0, 200)}`);
  const id = String(res.headers.location).split('/').pop() ?? '';
  return { table: 'import_files', id };
}

export const importSamples: Record<string, RouteSample> = {
  'GET /app/imports/:id': { create: victimUpload },
  'POST /app/imports/:id/run': { create: victimUpload },
  'GET /api/v1/imports/:id': { create: victimUpload },
};
