/**
 * How to exercise each route that takes an id or a body, for the route matrix
 * (route-matrix.test.ts). Keys are "METHOD /url" exactly as registered.
 *
 * - Every route with a path parameter MUST have a sample with `create`: it makes the victim
 *   tenant's entity (through the victim's own API or pages, the way a user would) and says
 *   which row to watch. The matrix then calls the route as the attacker with that id and
 *   expects 404 and no change to the row or to the victim's audit log.
 * - `body` is a valid request body (JSON for /api, form fields for pages), so the request
 *   is stopped by authentication or tenancy and not by input validation. API routes that
 *   take a body need one for the unauthenticated check too.
 *
 * A new route with an id fails the matrix until it gets a line here.
 */
import assert from 'node:assert/strict';
import { asStaff, type StaffSession } from '../helpers/app.ts';
import { json, next, type RouteSample, type SampleContext, type SampleEntity } from './sample-kit.ts';
import { areaSamples } from './samples/areas.ts';
import { planSamples } from './samples/plans.ts';
import { customerSamples } from './samples/customers.ts';
import { plantSamples } from './samples/plant.ts';
import { fieldSamples } from './samples/field.ts';
import { mapSamples } from './samples/map.ts';
import { importSamples } from './samples/imports.ts';
import { invoiceSamples } from './samples/invoices.ts';
import { documentSamples } from './samples/documents.ts';
import { paymentSamples } from './samples/payments.ts';
import { settingsBillingSamples } from './samples/settings-billing.ts';
import { billingRunSamples } from './samples/billing-runs.ts';

export type { RouteSample, SampleContext, SampleEntity } from './sample-kit.ts';

async function builtinRoleId(ctx: SampleContext, staff: StaffSession, key: string): Promise<string> {
  const { items } = await json<{ items: { id: string; builtinKey: string | null }[] }>(ctx, staff, 'GET', '/api/v1/roles');
  const role = items.find((r) => r.builtinKey === key);
  assert.ok(role, `built-in role ${key}`);
  return role.id;
}

async function victimUser(ctx: SampleContext, options: { deactivated?: boolean } = {}): Promise<SampleEntity> {
  const n = next();
  const roleId = await builtinRoleId(ctx, ctx.victim, 'support');
  const user = await json<{ id: string }>(ctx, ctx.victim, 'POST', '/api/v1/users', { name: `Victim Staff ${n}`, email: `victim.staff${n}@example.test`, roleId });
  if (options.deactivated) await json(ctx, ctx.victim, 'POST', `/api/v1/users/${user.id}/deactivate`);
  return { table: 'users', id: user.id };
}

async function victimRole(ctx: SampleContext): Promise<SampleEntity> {
  const role = await json<{ id: string }>(ctx, ctx.victim, 'POST', '/api/v1/roles', { name: `Victim Role ${next()}`, description: 'custom', permissions: ['users.read'] });
  return { table: 'roles', id: role.id };
}

async function victimApiKey(ctx: SampleContext): Promise<SampleEntity> {
  const name = `Victim Key ${next()}`;
  const res = await asStaff(ctx.t, ctx.victim, {
    method: 'POST',
    url: '/app/api-keys',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ _csrf: ctx.victim.csrf, name, permissions: 'users.read' }).toString(),
  });
  assert.ok(res.statusCode < 400, `create API key: ${res.statusCode}`);
  const { items } = await json<{ items: { id: string; name: string }[] }>(ctx, ctx.victim, 'GET', '/api/v1/api-keys?limit=100');
  const key = items.find((k) => k.name === name);
  assert.ok(key, 'the new API key is listed');
  return { table: 'api_keys', id: key.id };
}

/** Platform routes act on a whole tenant: the victim's company. */
async function victimTenant(ctx: SampleContext): Promise<SampleEntity> {
  return { table: 'tenants', id: ctx.victim.tenantId };
}

const attackerRoleBody = async (ctx: SampleContext) => ({ roleId: await builtinRoleId(ctx, ctx.attacker, 'admin') });

export const ROUTE_SAMPLES: Record<string, RouteSample> = {
  // API: users
  'POST /api/v1/users': { body: () => ({ name: 'Anon', email: `anon${next()}@example.test`, roleId: '00000000-0000-4000-8000-000000000000' }) },
  'GET /api/v1/users/:id': { create: (ctx) => victimUser(ctx) },
  'PATCH /api/v1/users/:id': { create: (ctx) => victimUser(ctx), body: attackerRoleBody },
  'POST /api/v1/users/:id/deactivate': { create: (ctx) => victimUser(ctx) },
  'POST /api/v1/users/:id/reactivate': { create: (ctx) => victimUser(ctx, { deactivated: true }) },
  // API: roles
  'POST /api/v1/roles': { body: () => ({ name: `Anon role ${next()}`, permissions: [] }) },
  'GET /api/v1/roles/:id': { create: victimRole },
  'PATCH /api/v1/roles/:id': { create: victimRole, body: () => ({ name: 'Taken over', permissions: ['users.read', 'users.manage'] }) },
  'DELETE /api/v1/roles/:id': { create: victimRole },
  // API: API keys, settings
  'GET /api/v1/api-keys/:id': { create: victimApiKey },
  'POST /api/v1/api-keys/:id/revoke': { create: victimApiKey },
  'PATCH /api/v1/settings': { body: () => ({ companyName: 'Renamed by nobody' }) },
  // Pages: team
  'POST /app/team/:id/role': { create: (ctx) => victimUser(ctx), body: attackerRoleBody },
  'POST /app/team/:id/deactivate': { create: (ctx) => victimUser(ctx) },
  'POST /app/team/:id/reactivate': { create: (ctx) => victimUser(ctx, { deactivated: true }) },
  // Pages: roles
  'GET /app/roles/:id/edit': { create: victimRole },
  'POST /app/roles/:id': { create: victimRole, body: () => ({ name: 'Taken over', description: 'x', permissions: ['users.read', 'users.manage'] }) },
  'POST /app/roles/:id/delete': { create: victimRole },
  // Pages: API keys
  'POST /app/api-keys/:id/revoke': { create: victimApiKey },
  // Platform console: a tenant's staff session is no way in.
  'POST /platform/tenants/:id/suspend': { create: victimTenant, body: () => ({ reason: 'Taken over' }) },
  'POST /platform/tenants/:id/reactivate': { create: victimTenant },
  // Issue 3: one file per module, so parallel work never edits the same lines.
  ...areaSamples,
  ...planSamples,
  ...customerSamples,
  ...plantSamples,
  ...fieldSamples,
  ...mapSamples,
  ...importSamples,
  ...documentSamples,
  ...paymentSamples,
  // Issue 4.
  ...settingsBillingSamples,
  ...billingRunSamples,
  ...invoiceSamples,
};
