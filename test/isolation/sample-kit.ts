/**
 * What every route-sample file shares: the sample types and a JSON call that must succeed.
 * Each module's samples live in test/isolation/samples/<module>.ts (see route-samples.ts).
 */
import assert from 'node:assert/strict';
import { asStaff, type StaffSession, type TestApp } from '../helpers/app.ts';

export interface SampleContext {
  t: TestApp;
  /** Owner of the tenant whose data the attacker aims at. */
  victim: StaffSession;
  /** Owner of the other tenant, who makes the cross-tenant calls. */
  attacker: StaffSession;
}

export interface SampleEntity {
  /** Table holding the row that must not change; the row is found by tenant_id and id. */
  table: string;
  id: string;
  /** Path parameters; defaults to { id }. */
  params?: Record<string, string>;
}

export interface RouteSample {
  create?: (ctx: SampleContext) => Promise<SampleEntity>;
  body?: (ctx: SampleContext) => Promise<Record<string, unknown>> | Record<string, unknown>;
}

let sequence = 0;
/** A number unique within the test run, for names that must not collide. */
export const next = (): number => ++sequence;

/** Calls a route as `staff` and returns its JSON, failing the test on any error status. */
export async function json<T>(ctx: SampleContext, staff: StaffSession, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object): Promise<T> {
  const res = await asStaff(ctx.t, staff, { method, url, ...(payload ? { payload } : {}) });
  assert.ok(res.statusCode < 300, `${method} ${url} as ${staff.email}: ${res.statusCode} ${res.body}`);
  return res.json() as T;
}

