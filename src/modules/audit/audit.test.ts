import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { addStaff, asStaff, createTestApp, signUpTenant, type StaffSession, type TestApp } from '../../../test/helpers/app.ts';
import { withTenant } from '../../db/tenancy.ts';
import { recordAuditEvent, type AuditEntry } from './record-audit-event.ts';
import type { Actor } from '../context.ts';

const ENTITY = '11111111-2222-4333-8444-555555555555';

/** Writes an entry at a given instant, the way use cases do. */
async function audit(t: TestApp, staff: StaffSession, at: string, entry: AuditEntry, actor?: Partial<Actor>): Promise<void> {
  await withTenant(t.app.db, staff.tenantId, (trx) =>
    recordAuditEvent(
      {
        tenantId: staff.tenantId,
        trx,
        now: () => new Date(at),
        ip: '203.0.113.9',
        actor: { type: 'user', id: staff.userId, label: 'Ana Cruz', isOwner: true, permissions: new Set(), ...actor },
      },
      entry,
    ),
  );
}

describe('audit log', () => {
  let t: TestApp;
  let a: StaffSession;
  let b: StaffSession;
  let other: StaffSession;

  before(async () => {
    t = await createTestApp();
    a = await signUpTenant(t, { companyName: 'Audit A' });
    b = await signUpTenant(t, { companyName: 'Audit B' });
    other = await addStaff(t, a, 'admin');
    // Asia/Manila (+08:00) is the default zone. Times below are UTC.
    await audit(t, a, '2026-11-20T15:59:00Z', { action: 'user.invited', entityType: 'user', entityId: ENTITY, after: { email: 'x@a.test', role: 'Support' } }); // 20 Nov 23:59 Manila
    await audit(t, a, '2026-11-20T16:00:00Z', { action: 'user.role_changed', entityType: 'user', entityId: ENTITY, before: { role: 'Support', name: 'X' }, after: { role: 'Admin', name: 'X' } }); // 21 Nov 00:00
    await audit(t, a, '2026-11-21T15:59:59Z', { action: 'settings.updated', entityType: 'tenant_settings', before: { currency: 'PHP' }, after: { currency: 'USD' } }); // 21 Nov 23:59:59
    await audit(t, a, '2026-11-21T16:00:00Z', { action: 'role.created', entityType: 'role', after: { name: 'Field' } }, { id: other.userId, label: 'Other Admin' }); // 22 Nov
    await audit(t, a, '2026-11-22T10:00:00Z', { action: 'users.weird_%', entityType: 'user' });
    await audit(t, b, '2026-11-21T05:00:00Z', { action: 'user.invited', entityType: 'user', entityId: ENTITY, after: { email: 'secret@b.test' } });
  });
  after(async () => {
    await t.close();
  });

  const api = (staff: StaffSession, query: string) => asStaff(t, staff, { method: 'GET', url: `/api/v1/audit-events${query}` });

  it('lists newest first with actor, entity, IP and changed keys, only of the own tenant', async () => {
    const res = await api(a, '');
    assert.equal(res.statusCode, 200);
    const body = res.json();
    const actions = body.items.map((i: { action: string }) => i.action);
    assert.deepEqual(actions, ['tenant.signed_up', 'users.weird_%', 'role.created', 'settings.updated', 'user.role_changed', 'user.invited']);
    const roleChange = body.items[4];
    assert.equal(roleChange.actor.label, 'Ana Cruz');
    assert.equal(roleChange.actor.type, 'user');
    assert.equal(roleChange.ip, '203.0.113.9');
    assert.equal(roleChange.entityId, ENTITY);
    assert.deepEqual(roleChange.changes, [{ key: 'role', before: 'Support', after: 'Admin' }]);
    assert.equal(body.nextCursor, null);
    assert.doesNotMatch(res.body, /secret@b\.test/);
  });

  it('filters by action prefix (literal), entity type, entity id and actor', async () => {
    const actions = async (q: string) => (await api(a, q)).json().items.map((i: { action: string }) => i.action);
    assert.deepEqual(await actions('?action=user.'), ['user.role_changed', 'user.invited']);
    assert.deepEqual(await actions('?action=users.weird_'), ['users.weird_%']);
    assert.deepEqual(await actions('?action=user_'), []);
    assert.deepEqual(await actions('?entityType=role'), ['role.created']);
    assert.deepEqual(await actions(`?entityId=${ENTITY}`), ['user.role_changed', 'user.invited']);
    assert.deepEqual(await actions(`?actorId=${other.userId}`), ['role.created']);
  });

  it('reads the date range as calendar days in the company time zone, inclusive', async () => {
    const actions = async (q: string) => (await api(a, q)).json().items.map((i: { action: string }) => i.action);
    assert.deepEqual(await actions('?from=2026-11-21&to=2026-11-21'), ['settings.updated', 'user.role_changed']);
    assert.deepEqual(await actions('?to=2026-11-20'), ['user.invited']);
    await asStaff(t, a, { method: 'PATCH', url: '/api/v1/settings', payload: { timeZone: 'UTC' } });
    assert.deepEqual(await actions('?from=2026-11-20&to=2026-11-20'), ['user.role_changed', 'user.invited']);
    await asStaff(t, a, { method: 'PATCH', url: '/api/v1/settings', payload: { timeZone: 'Asia/Manila' } });
  });

  it('pages with a cursor without skipping or repeating', async () => {
    const seen: string[] = [];
    let cursor: string | null = '';
    let pages = 0;
    while (cursor !== null) {
      const res = await api(a, `?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      assert.equal(res.statusCode, 200);
      const body = res.json();
      seen.push(...body.items.map((i: { id: string }) => i.id));
      cursor = body.nextCursor;
      pages += 1;
    }
    const all = (await api(a, '')).json().items.map((i: { id: string }) => i.id);
    assert.ok(all.length >= 6);
    assert.equal(pages, Math.ceil(all.length / 2));
    assert.deepEqual(seen, all);
  });

  it('answers 422 naming each bad filter, and 400 for a forged cursor', async () => {
    const res = await api(a, '?from=2026-13-01&to=yesterday');
    assert.equal(res.statusCode, 422);
    assert.match(res.headers['content-type'] as string, /application\/problem\+json/);
    const fields = res.json().errors.map((e: { field: string }) => e.field).sort();
    assert.deepEqual(fields, ['from', 'to']);
    const bad = await api(a, '?entityId=nope');
    assert.equal(bad.statusCode, 422);
    assert.equal(bad.json().errors[0].field, 'entityId');
    const reversed = await api(a, '?from=2026-11-22&to=2026-11-21');
    assert.equal(reversed.statusCode, 422);
    assert.equal(reversed.json().errors[0].field, 'to');
    const forged = await api(a, `?cursor=${Buffer.from(JSON.stringify(["x'; drop table users", 'y'])).toString('base64url')}`);
    assert.equal(forged.statusCode, 400);
    assert.equal(forged.json().code, 'invalid_cursor');
  });

  it('the page shows entries, the diff, filters and an Older link', async () => {
    const res = await asStaff(t, a, { method: 'GET', url: '/app/audit' });
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /<strong>currency: <\/strong><del>PHP<\/del> → <ins>USD<\/ins>/);
    assert.match(res.body, /<strong>role: <\/strong><del>Support<\/del> → <ins>Admin<\/ins>/);
    assert.match(res.body, /203\.0\.113\.9/);
    assert.match(res.body, /Other Admin/);
    assert.doesNotMatch(res.body, /secret@b\.test/);
    // 21 Nov 00:00 Manila is the role change; dates show in the tenant's zone.
    assert.match(res.body, /Nov 21, 2026|21 Nov 2026/);

    const filtered = await asStaff(t, a, { method: 'GET', url: '/app/audit?action=role.' });
    assert.equal(filtered.statusCode, 200);
    assert.match(filtered.body, /role\.created/);
    assert.doesNotMatch(filtered.body, /settings\.updated/);
    assert.match(filtered.body, /value="role\."/);

    const bad = await asStaff(t, a, { method: 'GET', url: '/app/audit?from=2026-02-30' });
    assert.equal(bad.statusCode, 422);
    assert.match(bad.body, /From must be a date/);
  });

  it('pages the HTML list with an Older link keeping the filters', async () => {
    for (let i = 0; i < 55; i++) await audit(t, b, `2026-11-10T00:00:${String(i).padStart(2, '0')}Z`, { action: 'bulk.thing', entityType: 'thing' });
    const first = await asStaff(t, b, { method: 'GET', url: '/app/audit?action=bulk.' });
    const link = /href="(\/app\/audit\?[^"]*cursor=[^"]+)"[^>]*>\s*Older/.exec(first.body);
    assert.ok(link?.[1], 'an Older link');
    const href = link[1].replaceAll('&amp;', '&');
    assert.match(href, /action=bulk\./);
    const second = await asStaff(t, b, { method: 'GET', url: href });
    assert.equal(second.statusCode, 200);
    assert.equal((second.body.match(/bulk\.thing/g) ?? []).length, 5);
  });

  it('requires sign-in and the audit.read permission', async () => {
    const anon = await t.app.inject({ method: 'GET', url: '/api/v1/audit-events' });
    assert.equal(anon.statusCode, 401);
    const anonPage = await t.app.inject({ method: 'GET', url: '/app/audit' });
    assert.equal(anonPage.statusCode, 302);
    assert.match(anonPage.headers.location as string, /^\/login/);
    const support = await addStaff(t, a, 'support');
    assert.equal((await api(support, '')).statusCode, 403);
    const page = await asStaff(t, support, { method: 'GET', url: '/app/audit', headers: { accept: 'text/html' } });
    assert.equal(page.statusCode, 403);
    const home = await asStaff(t, support, { method: 'GET', url: '/app' });
    assert.doesNotMatch(home.body, /href="\/app\/audit"/);
  });

  it('is append-only: UPDATE and DELETE fail inside a tenant transaction', async () => {
    const count = (await api(a, '')).json().items.length;
    await assert.rejects(
      withTenant(t.app.db, a.tenantId, (trx) => sql`update audit_events set action = 'tampered' where tenant_id = ${a.tenantId}`.execute(trx)),
      /permission denied|append-only/,
    );
    await assert.rejects(
      withTenant(t.app.db, a.tenantId, (trx) => sql`delete from audit_events where tenant_id = ${a.tenantId}`.execute(trx)),
      /permission denied|append-only/,
    );
    const res = await api(a, '?action=tampered');
    assert.equal(res.json().items.length, 0);
    assert.equal((await api(a, '')).json().items.length, count);
  });
});
