import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { addStaff, asStaff, createTestApp, signUpTenant, type StaffSession, type TestApp } from '../../../test/helpers/app.ts';
import { withPlatform, withTenant } from '../../db/tenancy.ts';
import { tileOrigin } from './map-settings.ts';

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('IHDR fake image body')]);
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from('JFIF body')]);

function multipart(fields: Record<string, string>, file?: { name: string; filename: string; type: string; bytes: Buffer }) {
  const boundary = '----lastmiletest' + Math.random().toString(16).slice(2);
  const chunks: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  if (file) {
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${file.name}"; filename="${file.filename}"\r\nContent-Type: ${file.type}\r\n\r\n`));
    chunks.push(file.bytes, Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

const form = (values: Record<string, string>) => ({
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  payload: new URLSearchParams(values).toString(),
});

const VALID = {
  companyName: 'Bayan Fiber Inc',
  legalName: 'Bayan Fiber Internet Services Inc.',
  taxId: '123-456-789-000',
  address: '12 Rizal St\nQuezon City',
  phone: '+63 2 8123 4567',
  email: 'Billing@Bayan.ph',
  currency: 'usd',
  timeZone: 'Africa/Nairobi',
  locale: 'en-ke',
  country: 'ke',
  // Unchanged defaults: the form always posts every field.
  accountNumberPrefix: 'ACC-',
  mapTileUrl: 'https://tile.openstreetmap.org/{z}/{x}/{y}.png',
  mapAttribution: '© OpenStreetMap contributors',
};

describe('settings', () => {
  let t: TestApp;
  let owner: StaffSession;
  let other: StaffSession;

  before(async () => {
    t = await createTestApp();
    owner = await signUpTenant(t, { companyName: 'Bayan Fiber' });
    other = await signUpTenant(t, { companyName: 'Other ISP' });
  });
  after(async () => {
    await t.close();
  });

  const settingsRow = (tenantId: string) =>
    withPlatform(t.app.db, (trx) =>
      trx.selectFrom('tenant_settings').innerJoin('tenants', 'tenants.id', 'tenant_settings.tenant_id').selectAll('tenant_settings').select('tenants.name').where('tenant_id', '=', tenantId).executeTakeFirstOrThrow(),
    );
  const auditOf = (staff: StaffSession, action: string) =>
    withTenant(t.app.db, staff.tenantId, (trx) => trx.selectFrom('audit_events').selectAll().where('tenant_id', '=', staff.tenantId).where('action', '=', action).orderBy('occurred_at').execute());

  it('shows the form with current values to an owner', async () => {
    const res = await asStaff(t, owner, { method: 'GET', url: '/app/settings' });
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /action="\/app\/settings"/);
    assert.match(res.body, /value="Bayan Fiber"/);
    assert.match(res.body, /<option value="PHP" selected>/);
    assert.match(res.body, /<option value="Asia\/Manila" selected>/);
    assert.match(res.body, /<option value="PH" selected>/);
    assert.match(res.body, /enctype="multipart\/form-data"/);
  });

  it('shows read-only settings without forms to a read-only user, and refuses their changes', async () => {
    const reader = await addStaff(t, owner, 'read_only');
    const res = await asStaff(t, reader, { method: 'GET', url: '/app/settings' });
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /Bayan Fiber/);
    assert.doesNotMatch(res.body, /action="\/app\/settings"/);
    assert.doesNotMatch(res.body, /Upload logo/);
    const post = await asStaff(t, reader, { method: 'POST', url: '/app/settings', ...form(VALID) });
    assert.equal(post.statusCode, 403);
    const patch = await asStaff(t, reader, { method: 'PATCH', url: '/api/v1/settings', payload: { currency: 'USD' } });
    assert.equal(patch.statusCode, 403);
    assert.equal((await settingsRow(owner.tenantId)).currency, 'PHP');
  });

  it('refuses staff without settings.read and anonymous visitors', async () => {
    const support = await addStaff(t, owner, 'support');
    assert.equal((await asStaff(t, support, { method: 'GET', url: '/app/settings', headers: { accept: 'text/html' } })).statusCode, 403);
    assert.equal((await asStaff(t, support, { method: 'GET', url: '/api/v1/settings' })).statusCode, 403);
    const anon = await t.app.inject({ method: 'GET', url: '/app/settings' });
    assert.equal(anon.statusCode, 302);
    assert.match(anon.headers.location as string, /^\/login/);
    assert.equal((await t.app.inject({ method: 'GET', url: '/api/v1/settings' })).statusCode, 401);
    assert.equal((await t.app.inject({ method: 'PATCH', url: '/api/v1/settings', payload: { currency: 'USD' } })).statusCode, 401);
    assert.equal((await t.app.inject({ method: 'GET', url: '/app/settings/logo' })).statusCode, 302);
  });

  it('rejects bad values naming each field, re-renders the form and saves nothing', async () => {
    const res = await asStaff(t, owner, {
      method: 'POST',
      url: '/app/settings',
      ...form({ ...VALID, companyName: '', email: 'nope', currency: 'XXX', timeZone: 'Mars/Olympus', locale: 'not a locale!', country: 'ZZ', phone: 'call me' }),
    });
    assert.equal(res.statusCode, 422);
    for (const message of ['Company name is required', 'Enter a valid email address', 'ISO 4217', 'IANA time zone', 'BCP 47', 'ISO 3166', 'Phone may hold only']) {
      assert.ok(res.body.includes(message), `page says "${message}"`);
    }
    assert.match(res.body, /Quezon City/, 'keeps what was typed');
    const row = await settingsRow(owner.tenantId);
    assert.deepEqual([row.name, row.currency, row.time_zone, row.legal_name], ['Bayan Fiber', 'PHP', 'Asia/Manila', '']);
    assert.equal((await auditOf(owner, 'settings.updated')).length, 0);
  });

  it('saves every field, renames the company and audits before and after of what changed', async () => {
    const res = await asStaff(t, owner, { method: 'POST', url: '/app/settings', ...form(VALID) });
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, '/app/settings?notice=saved');
    const row = await settingsRow(owner.tenantId);
    assert.equal(row.name, 'Bayan Fiber Inc');
    assert.equal(row.legal_name, 'Bayan Fiber Internet Services Inc.');
    assert.equal(row.address, '12 Rizal St\nQuezon City');
    assert.deepEqual([row.email, row.currency, row.time_zone, row.locale, row.country], ['billing@bayan.ph', 'USD', 'Africa/Nairobi', 'en-KE', 'KE']);
    const entries = await auditOf(owner, 'settings.updated');
    assert.equal(entries.length, 1);
    const entry = entries[0]!;
    assert.equal(entry.actor_id, owner.userId);
    assert.deepEqual(entry.before, { companyName: 'Bayan Fiber', legalName: '', taxId: '', address: '', phone: '', email: '', currency: 'PHP', timeZone: 'Asia/Manila', locale: 'en-PH', country: 'PH' });
    assert.equal((entry.after as Record<string, string>).currency, 'USD');
    const page = await asStaff(t, owner, { method: 'GET', url: '/app/settings?notice=saved' });
    assert.match(page.body, /data-testid="company-name">Bayan Fiber Inc</);
    assert.match(page.body, /Settings saved/);
    // Saving the same values again changes nothing and writes no entry.
    await asStaff(t, owner, { method: 'POST', url: '/app/settings', ...form(VALID) });
    assert.equal((await auditOf(owner, 'settings.updated')).length, 1);
  });

  it('API: GET, partial PATCH, and 422 naming each field with nothing written', async () => {
    const got = await asStaff(t, owner, { method: 'GET', url: '/api/v1/settings' });
    assert.equal(got.statusCode, 200);
    assert.equal(got.json().currency, 'USD');
    assert.equal(got.json().logo, null);

    t.clock.advance(1000); // entries of one instant have no order; this one must come last
    const ok = await asStaff(t, owner, { method: 'PATCH', url: '/api/v1/settings', payload: { currency: 'JPY', country: 'jp' } });
    assert.equal(ok.statusCode, 200);
    assert.deepEqual([ok.json().currency, ok.json().country, ok.json().timeZone], ['JPY', 'JP', 'Africa/Nairobi']);
    const last = (await auditOf(owner, 'settings.updated')).at(-1)!;
    assert.deepEqual(last.before, { currency: 'USD', country: 'KE' });
    assert.deepEqual(last.after, { currency: 'JPY', country: 'JP' });

    const bad = await asStaff(t, owner, { method: 'PATCH', url: '/api/v1/settings', payload: { currency: 'BHD', timeZone: 'Nowhere/City', locale: 'x-!!', companyName: '  ' } });
    assert.equal(bad.statusCode, 422);
    assert.deepEqual(bad.json().errors.map((e: { field: string }) => e.field).sort(), ['companyName', 'locale', 'timeZone']);
    assert.equal((await settingsRow(owner.tenantId)).currency, 'JPY', 'the valid currency was not written either');

    const unknown = await asStaff(t, owner, { method: 'PATCH', url: '/api/v1/settings', payload: { logo: 'x' } });
    assert.equal(unknown.statusCode, 422);
    assert.equal(unknown.json().errors[0].field, 'logo');
    const wrongType = await asStaff(t, owner, { method: 'PATCH', url: '/api/v1/settings', payload: { currency: 5 } });
    assert.equal(wrongType.statusCode, 422);

    const utc = await asStaff(t, owner, { method: 'PATCH', url: '/api/v1/settings', payload: { timeZone: 'UTC', currency: 'BHD' } });
    assert.equal(utc.statusCode, 200);
    assert.equal(utc.json().currency, 'BHD');
  });

  it('map and numbering settings: shown on the page, validated, saved and audited; the page says a new prefix applies to new customers only', async () => {
    const page = await asStaff(t, owner, { method: 'GET', url: '/app/settings' });
    assert.match(page.body, /name="accountNumberPrefix" type="text" value="ACC-"/);
    assert.match(page.body, /name="mapTileUrl" type="text" value="https:\/\/tile.openstreetmap.org\/\{z\}\/\{x\}\/\{y\}.png"/);
    assert.match(page.body, /affects only customers added from now on/);

    const bad = await asStaff(t, owner, {
      method: 'POST',
      url: '/app/settings',
      ...form({ ...VALID, accountNumberPrefix: '-BAD prefix', mapTileUrl: 'ftp://tiles.example/{z}/{x}/{y}.png', mapAttribution: 'x'.repeat(301) }),
    });
    assert.equal(bad.statusCode, 422);
    for (const message of ['Account number prefix must be 1-12', 'must start with https://', 'at most 300 characters']) assert.ok(bad.body.includes(message), `page says "${message}"`);
    assert.match(bad.body, /value="-BAD prefix"/, 'keeps what was typed');

    const rejected: [Record<string, string>, string, RegExp][] = [
      [{ mapTileUrl: 'https://tiles.example/{z}/{x}.png' }, 'mapTileUrl', /\{z\}, \{x\} and \{y\}/],
      [{ mapTileUrl: 'javascript:alert(1)//{z}/{x}/{y}' }, 'mapTileUrl', /https:\/\//],
      [{ mapTileUrl: 'https://tiles.example/{z}/{x}/{y}.png?key={apikey}' }, 'mapTileUrl', /Unknown placeholder \{apikey\}/],
      [{ mapTileUrl: 'https://user:pw@tiles.example/{z}/{x}/{y}.png' }, 'mapTileUrl', /user name or password/],
      [{ mapTileUrl: 'https://tiles.example/{z}/{x}/{y}.png" onerror="x' }, 'mapTileUrl', /quotes/],
      [{ mapTileUrl: '' }, 'mapTileUrl', /required/],
      // A URL parser takes ; and , in a host name; in a Content-Security-Policy they end the
      // directive or the whole policy.
      [{ mapTileUrl: 'http://tiles;sandbox/{z}/{x}/{y}.png' }, 'mapTileUrl', /host name/],
      [{ mapTileUrl: 'http://tiles.lan,script-src/{z}/{x}/{y}.png' }, 'mapTileUrl', /host name/],
      [{ mapTileUrl: 'http://*.tiles.lan/{z}/{x}/{y}.png' }, 'mapTileUrl', /host name/],
      // {s} becomes *. in img-src: one label after it would allow every host under a TLD.
      [{ mapTileUrl: 'http://{s}.com/{z}/{x}/{y}.png' }, 'mapTileUrl', /at least two more/],
      [{ mapTileUrl: 'https://{s}.com:8080/{z}/{x}/{y}.png' }, 'mapTileUrl', /at least two more/],
      [{ mapTileUrl: 'https://tiles{s}.example.org/{z}/{x}/{y}.png' }, 'mapTileUrl', /first label/],
      [{ mapTileUrl: 'https://{s}/{z}/{x}/{y}.png' }, 'mapTileUrl', /first label/],
      [{ accountNumberPrefix: '' }, 'accountNumberPrefix', /1-12/],
      [{ accountNumberPrefix: 'ABCDEFGHIJKLM' }, 'accountNumberPrefix', /1-12/],
      [{ accountNumberPrefix: 'AC C' }, 'accountNumberPrefix', /1-12/],
    ];
    for (const [payload, field, message] of rejected) {
      const res = await asStaff(t, owner, { method: 'PATCH', url: '/api/v1/settings', payload });
      assert.equal(res.statusCode, 422, JSON.stringify(payload));
      assert.deepEqual(res.json().errors.map((e: { field: string }) => e.field), [field]);
      assert.match(res.json().errors[0].message, message);
    }
    const unchanged = await settingsRow(owner.tenantId);
    assert.deepEqual([unchanged.account_number_prefix, unchanged.map_tile_url], ['ACC-', 'https://tile.openstreetmap.org/{z}/{x}/{y}.png']);

    t.clock.advance(1000);
    const ok = await asStaff(t, owner, {
      method: 'PATCH',
      url: '/api/v1/settings',
      payload: { accountNumberPrefix: ' SUB/2026_ ', mapTileUrl: 'http://{s}.tiles.lan:8080/osm/{z}/{x}/{y}.png', mapAttribution: '  Our   own tiles ' },
    });
    assert.equal(ok.statusCode, 200);
    assert.deepEqual([ok.json().accountNumberPrefix, ok.json().mapTileUrl, ok.json().mapAttribution], ['SUB/2026_', 'http://{s}.tiles.lan:8080/osm/{z}/{x}/{y}.png', 'Our own tiles']);
    const last = (await auditOf(owner, 'settings.updated')).at(-1)!;
    assert.deepEqual(last.before, { accountNumberPrefix: 'ACC-', mapTileUrl: 'https://tile.openstreetmap.org/{z}/{x}/{y}.png', mapAttribution: '© OpenStreetMap contributors' });
    assert.deepEqual(last.after, { accountNumberPrefix: 'SUB/2026_', mapTileUrl: 'http://{s}.tiles.lan:8080/osm/{z}/{x}/{y}.png', mapAttribution: 'Our own tiles' });
    const osm = await asStaff(t, owner, { method: 'PATCH', url: '/api/v1/settings', payload: { mapTileUrl: 'https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png' } });
    assert.equal(osm.statusCode, 200, osm.body);
    const other = await asStaff(t, owner, { method: 'PATCH', url: '/api/v1/settings', payload: { accountNumberPrefix: 'ACC-', mapTileUrl: 'https://tile.openstreetmap.org/{z}/{x}/{y}.png' } });
    assert.equal(other.statusCode, 200);
  });

  it('a new account number prefix numbers the next customers; existing ones keep theirs', async () => {
    const first = await asStaff(t, owner, { method: 'POST', url: '/api/v1/customers', payload: { firstName: 'Before', lastName: 'Change' } });
    assert.equal(first.statusCode, 201, first.body);
    assert.match(first.json().accountNumber, /^ACC-\d+$/);
    assert.equal((await asStaff(t, owner, { method: 'PATCH', url: '/api/v1/settings', payload: { accountNumberPrefix: 'NEW-' } })).statusCode, 200);
    const second = await asStaff(t, owner, { method: 'POST', url: '/api/v1/customers', payload: { firstName: 'After', lastName: 'Change' } });
    assert.match(second.json().accountNumber, /^NEW-\d+$/);
    const again = await asStaff(t, owner, { method: 'GET', url: `/api/v1/customers/${first.json().id}` });
    assert.equal(again.json().accountNumber, first.json().accountNumber);
    await asStaff(t, owner, { method: 'PATCH', url: '/api/v1/settings', payload: { accountNumberPrefix: 'ACC-' } });
  });

  it('gives a tile server’s origin for the CSP only when its host is a plain host name or address', () => {
    assert.equal(tileOrigin('http://{s}.tiles.lan:8080/osm/{z}/{x}/{y}.png'), 'http://*.tiles.lan:8080');
    assert.equal(tileOrigin('https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png'), 'https://*.tile.openstreetmap.org');
    assert.equal(tileOrigin('http://192.168.10.5/{z}/{x}/{y}.png'), 'http://192.168.10.5');
    assert.equal(tileOrigin('http://[fd00::5]:8080/{z}/{x}/{y}.png'), 'http://[fd00::5]:8080');
    // Stored before the settings rule refused them: never into the header.
    for (const url of ['http://tiles;sandbox/{z}/{x}/{y}.png', 'http://a,b/{z}/{x}/{y}.png', 'http://{s}/{z}/{x}/{y}.png', 'http://{s}.com/{z}/{x}/{y}.png', 'http://x%3Bscript-src/{z}/{x}/{y}.png']) {
      assert.equal(tileOrigin(url), undefined, url);
    }
  });

  it('uploads a PNG logo checked by its bytes, serves it to staff of the tenant only, audits type and size', async () => {
    const csrf = owner.csrf;
    const res = await asStaff(t, owner, { method: 'POST', url: '/app/settings/logo', ...multipart({ _csrf: csrf }, { name: 'logo', filename: 'logo.gif', type: 'image/gif', bytes: PNG }) });
    assert.equal(res.statusCode, 303);
    const served = await asStaff(t, owner, { method: 'GET', url: '/app/settings/logo' });
    assert.equal(served.statusCode, 200);
    assert.equal(served.headers['content-type'], 'image/png');
    assert.deepEqual(served.rawPayload, PNG);
    const staff = await addStaff(t, owner, 'technician');
    assert.equal((await asStaff(t, staff, { method: 'GET', url: '/app/settings/logo' })).statusCode, 200);
    assert.equal((await asStaff(t, other, { method: 'GET', url: '/app/settings/logo' })).statusCode, 404, 'the other company has no logo and cannot see this one');

    const entry = (await auditOf(owner, 'settings.logo_updated'))[0]!;
    assert.deepEqual(entry.before, { logo: null });
    assert.deepEqual(entry.after, { logo: { contentType: 'image/png', size: PNG.length } });
    const api = await asStaff(t, owner, { method: 'GET', url: '/api/v1/settings' });
    assert.deepEqual(api.json().logo, { contentType: 'image/png', size: PNG.length });

    const jpeg = await asStaff(t, owner, { method: 'POST', url: '/app/settings/logo', ...multipart({ _csrf: csrf }, { name: 'logo', filename: 'x.png', type: 'image/png', bytes: JPEG }) });
    assert.equal(jpeg.statusCode, 303);
    assert.equal((await asStaff(t, owner, { method: 'GET', url: '/app/settings/logo' })).headers['content-type'], 'image/jpeg');
  });

  it('rejects a non-image, an oversized file and a missing file with a form message, keeping the old logo', async () => {
    const post = (bytes: Buffer, filename = 'logo.png') =>
      asStaff(t, owner, { method: 'POST', url: '/app/settings/logo', ...multipart({ _csrf: owner.csrf }, { name: 'logo', filename, type: 'image/png', bytes }) });
    const svg = await post(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'));
    assert.equal(svg.statusCode, 422);
    assert.match(svg.body, /must be a PNG or JPEG image/);
    const big = await post(Buffer.concat([PNG, Buffer.alloc(512 * 1024)]));
    assert.equal(big.statusCode, 422);
    assert.match(big.body, /at most 512 KB/);
    const none = await post(Buffer.alloc(0), '');
    assert.equal(none.statusCode, 422);
    assert.equal((await asStaff(t, owner, { method: 'GET', url: '/app/settings/logo' })).headers['content-type'], 'image/jpeg');
    assert.equal((await auditOf(owner, 'settings.logo_updated')).length, 2);
  });

  it('refuses a logo upload without the CSRF token, and from a read-only user', async () => {
    const noCsrf = await t.app.inject({
      method: 'POST',
      url: '/app/settings/logo',
      ...(() => {
        const m = multipart({}, { name: 'logo', filename: 'a.png', type: 'image/png', bytes: PNG });
        return { payload: m.payload, headers: { ...m.headers, cookie: `lm_session=${owner.cookie}` } };
      })(),
    });
    assert.equal(noCsrf.statusCode, 403);
    const reader = await addStaff(t, owner, 'read_only');
    const denied = await asStaff(t, reader, { method: 'POST', url: '/app/settings/logo', ...multipart({ _csrf: reader.csrf }, { name: 'logo', filename: 'a.png', type: 'image/png', bytes: PNG }) });
    assert.equal(denied.statusCode, 403);
    assert.equal((await auditOf(owner, 'settings.logo_updated')).length, 2);
  });

  it('removes the logo', async () => {
    const res = await asStaff(t, owner, { method: 'POST', url: '/app/settings/logo/remove', ...form({}) });
    assert.equal(res.statusCode, 303);
    assert.equal((await asStaff(t, owner, { method: 'GET', url: '/app/settings/logo' })).statusCode, 404);
    assert.equal((await auditOf(owner, 'settings.logo_removed')).length, 1);
  });
});
