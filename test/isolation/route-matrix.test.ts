/**
 * The route matrix: walks every route the app registers (app.routeCatalog), so a route added
 * by any later issue is covered without editing this file.
 * - Without credentials, every route outside the public allow list answers 401
 *   problem+json (API) or redirects to a sign-in page (/app, /platform).
 * - Every route with a path parameter, called by tenant A's owner with an id of tenant B's
 *   entity, answers 404 (the row is simply not found under RLS) and changes nothing: B's row
 *   and B's audit log are the same afterwards. Samples live in route-samples.ts.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { asStaff, createTestApp, signUpTenant, type TestApp } from '../helpers/app.ts';
import { withPlatform } from '../../src/db/tenancy.ts';
import { ROUTE_SAMPLES, type SampleContext, type SampleEntity } from './route-samples.ts';

/** Routes anyone may call. Everything else must demand a session or an API key. */
const PUBLIC_ROUTES = new Set([
  'GET /',
  'GET /signup',
  'POST /signup',
  'GET /login',
  'POST /login',
  'POST /logout',
  'GET /forgot-password',
  'POST /forgot-password',
  'GET /reset-password',
  'POST /reset-password',
  'GET /invite/accept',
  'POST /invite/accept',
  'GET /platform/login',
  'POST /platform/login',
  'GET /healthz',
  'GET /readyz',
  'GET /assets/:name',
  'GET /api/v1/openapi.json',
]);
const PUBLIC_PREFIXES = ['/api/docs'];

type Area = 'api' | 'app' | 'platform';

interface Route {
  method: string;
  url: string;
  key: string;
}

function areaOf(url: string): Area | undefined {
  if (url.startsWith('/api/v1/') || url === '/api/v1') return 'api';
  if (url === '/app' || url.startsWith('/app/')) return 'app';
  if (url === '/platform' || url.startsWith('/platform/')) return 'platform';
  return undefined;
}

function isPublic(route: Route): boolean {
  return PUBLIC_ROUTES.has(route.key) || PUBLIC_PREFIXES.some((p) => route.url.startsWith(p));
}

function paramNames(url: string): string[] {
  return [...url.matchAll(/:(\w+)/g)].map((m) => m[1] as string);
}

function fillUrl(url: string, params: Record<string, string>): string {
  return url.replace(/:(\w+)/g, (_, name: string) => {
    const value = params[name];
    assert.ok(value, `no value for :${name} in ${url}`);
    return encodeURIComponent(value);
  });
}

function formBody(fields: Record<string, unknown>): string {
  const form = new URLSearchParams();
  for (const [name, value] of Object.entries(fields)) {
    for (const v of Array.isArray(value) ? value : [value]) form.append(name, String(v));
  }
  return form.toString();
}

/** A request's body in the form its area takes: JSON for the API, a form for pages. */
function withBody(area: Area, options: InjectOptions, body: Record<string, unknown> | undefined, csrf?: string): InjectOptions {
  if (area === 'api') return body ? { ...options, payload: body } : options;
  const fields = { ...(body ?? {}), ...(csrf ? { _csrf: csrf } : {}) };
  if (Object.keys(fields).length === 0 || options.method === 'GET') return options;
  return { ...options, payload: formBody(fields), headers: { ...(options.headers ?? {}), 'content-type': 'application/x-www-form-urlencoded' } };
}

function describeResponse(res: LightMyRequestResponse): string {
  return `${res.statusCode} ${String(res.headers.location ?? '')} ${res.body.slice(0, 200)}`;
}

describe('route matrix', () => {
  let t: TestApp;
  let routes: Route[];
  let ctx: SampleContext;
  // A double-submit CSRF pair, so anonymous form posts are judged on authentication, not on CSRF.
  const anonCsrf = randomBytes(24).toString('base64url');

  before(async () => {
    t = await createTestApp();
    const seen = new Set<string>();
    routes = [];
    for (const { method, url } of t.app.routeCatalog) {
      const key = `${method} ${url}`;
      // HEAD mirrors GET; OPTIONS is not served.
      if (method === 'HEAD' || method === 'OPTIONS' || seen.has(key)) continue;
      seen.add(key);
      routes.push({ method, url, key });
    }
    // Colliding names and e-mail local parts across the two companies.
    const attacker = await signUpTenant(t, { companyName: 'Collide Net', ownerName: 'Sam Reyes', email: 'sam@collide.test' });
    const victim = await signUpTenant(t, { companyName: 'Collide Net', ownerName: 'Sam Reyes', email: 'sam@collide-b.test' });
    ctx = { t, attacker, victim };
  });
  after(async () => {
    await t.close();
  });

  it('sees the registered routes', () => {
    const keys = routes.map((r) => r.key);
    for (const expected of ['GET /app', 'GET /api/v1/me', 'GET /signup']) assert.ok(keys.includes(expected), `${expected} is in the route catalog`);
  });

  it('puts every route either on the public allow list or under /app, /platform or /api/v1', () => {
    const stray = routes.filter((r) => !isPublic(r) && !areaOf(r.url)).map((r) => r.key);
    assert.deepEqual(stray, [], 'routes outside the protected areas: add them to PUBLIC_ROUTES only if anyone may call them');
  });

  it('refuses every protected route without credentials', async (s) => {
    for (const route of routes.filter((r) => !isPublic(r))) {
      await s.test(route.key, async () => {
        const area = areaOf(route.url);
        assert.ok(area);
        const params = Object.fromEntries(paramNames(route.url).map((n) => [n, randomUUID()]));
        const url = fillUrl(route.url, params).replace('*', 'x');
        const sample = ROUTE_SAMPLES[route.key];
        const body = sample?.body ? await sample.body(ctx) : undefined;
        const write = route.method !== 'GET';
        const base: InjectOptions = {
          method: route.method as InjectOptions['method'],
          url,
          headers:
            area === 'api'
              ? { accept: 'application/json' }
              : { accept: 'text/html', cookie: `lm_csrf=${anonCsrf}`, ...(write ? { 'x-csrf-token': anonCsrf } : {}) },
        };
        const res = await t.app.inject(withBody(area, base, body, write && area !== 'api' ? anonCsrf : undefined));
        if (area === 'api') {
          assert.equal(res.statusCode, 401, `${route.key}: ${describeResponse(res)}`);
          assert.match(String(res.headers['content-type']), /^application\/problem\+json/);
          assert.equal(res.json().code, 'unauthenticated');
        } else {
          assert.ok([302, 303].includes(res.statusCode), `${route.key} should redirect to sign-in: ${describeResponse(res)}`);
          const login = area === 'platform' ? '/platform/login' : '/login';
          assert.ok(String(res.headers.location).startsWith(login), `${route.key} redirects to ${String(res.headers.location)}`);
        }
      });
    }
  });

  it('has a sample for every route with a path parameter, and no sample for a route that is gone', () => {
    const withParams = routes.filter((r) => !isPublic(r) && paramNames(r.url).length > 0);
    const missing = withParams.filter((r) => !ROUTE_SAMPLES[r.key]?.create).map((r) => r.key);
    assert.deepEqual(missing, [], 'add these routes to test/isolation/route-samples.ts');
    const known = new Set(routes.map((r) => r.key));
    const stale = Object.keys(ROUTE_SAMPLES).filter((k) => !known.has(k));
    assert.deepEqual(stale, [], 'samples for routes that no longer exist');
  });

  it("answers 404 to tenant A for every id of tenant B's, and changes nothing", async (s) => {
    const snapshot = (entity: SampleEntity) =>
      withPlatform(t.app.db, async (trx) => {
        const where = entity.table === 'tenants' ? sql`id = ${entity.id}` : sql`tenant_id = ${ctx.victim.tenantId} and id = ${entity.id}`;
        const row = await sql<{ row: unknown }>`select to_jsonb(x) as "row" from ${sql.table(entity.table)} x where ${where}`.execute(trx);
        const audit = await sql<{ n: number }>`select count(*)::int as "n" from audit_events where tenant_id = ${ctx.victim.tenantId}`.execute(trx);
        return { row: row.rows[0]?.row ?? null, auditEvents: audit.rows[0]?.n };
      });

    for (const route of routes.filter((r) => !isPublic(r) && paramNames(r.url).length > 0)) {
      const sample = ROUTE_SAMPLES[route.key];
      if (!sample?.create) continue; // reported by the test above
      await s.test(route.key, async () => {
        const area = areaOf(route.url);
        assert.ok(area);
        const entity = await sample.create!(ctx);
        const url = fillUrl(route.url, entity.params ?? { id: entity.id });
        const body = sample.body ? await sample.body(ctx) : undefined;
        const before = await snapshot(entity);
        assert.notEqual(before.row, null, `${entity.table} ${entity.id} exists before the attempt`);

        const method = route.method as InjectOptions['method'];
        const write = route.method !== 'GET';
        let res: LightMyRequestResponse;
        if (area === 'platform') {
          // A tenant's session carries no weight on the platform console.
          const headers = { accept: 'text/html', cookie: `lm_session=${ctx.attacker.cookie}; lm_csrf=${anonCsrf}`, ...(write ? { 'x-csrf-token': anonCsrf } : {}) };
          res = await t.app.inject(withBody(area, { method, url, headers }, body, write ? anonCsrf : undefined));
          assert.ok(
            [302, 303].includes(res.statusCode) ? String(res.headers.location).startsWith('/platform/login') : [403, 404].includes(res.statusCode),
            `${route.key} as tenant staff: ${describeResponse(res)}`,
          );
        } else {
          const headers = area === 'api' ? { accept: 'application/json' } : { accept: 'text/html' };
          res = await asStaff(t, ctx.attacker, withBody(area, { method, url, headers }, body, write && area === 'app' ? ctx.attacker.csrf : undefined));
          assert.equal(res.statusCode, 404, `${route.key} with tenant B's id: ${describeResponse(res)}`);
          if (area === 'api') assert.match(String(res.headers['content-type']), /^application\/problem\+json/);
        }

        const afterwards = await snapshot(entity);
        assert.deepEqual(afterwards, before, `${route.key} left tenant B's ${entity.table} row and audit log as they were`);

        // Control: the same read by tenant B itself finds the entity, so the 404 above came
        // from tenancy and not from a wrong URL.
        if (route.method === 'GET' && area !== 'platform') {
          const own = await asStaff(t, ctx.victim, { method: 'GET', url, headers: area === 'api' ? { accept: 'application/json' } : { accept: 'text/html' } });
          assert.equal(own.statusCode, 200, `${route.key} by tenant B itself: ${describeResponse(own)}`);
        }
      });
    }
  });

  it('refuses an anonymous API request before validating its input', async () => {
    const badBody = await t.app.inject({ method: 'POST', url: '/api/v1/users', payload: {} });
    assert.equal(badBody.statusCode, 401, describeResponse(badBody));
    const badId = await t.app.inject({ method: 'GET', url: '/api/v1/users/not-a-uuid' });
    assert.equal(badId.statusCode, 401, describeResponse(badId));
  });
});

