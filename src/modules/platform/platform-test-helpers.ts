/**
 * Test helpers for the platform console: create an operator the way the CLI does and sign
 * in through the real /platform/login form. Used by this module's tests only.
 */
import assert from 'node:assert/strict';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import type { TestApp } from '../../../test/helpers/app.ts';
import { sessionCsrfToken } from '../../http/csrf.ts';
import { createPlatformAdmin } from './create-platform-admin.ts';
import { cookiesOf, csrfFrom, setCookies } from '../../../test/helpers/forms.ts';

export { cookiesOf, csrfFrom, setCookies };

export const OPERATOR_PASSWORD = 'operator password 1';

export interface OperatorSession {
  adminId: string;
  email: string;
  /** Value of the lm_platform cookie. */
  secret: string;
  csrf: string;
}

let counter = 0;

export async function createOperator(t: TestApp, email?: string): Promise<{ id: string; email: string }> {
  counter += 1;
  return createPlatformAdmin({ db: t.app.db, now: t.clock.now }, { email: email ?? `operator${counter}@lastmile.test`, name: `Operator ${counter}`, password: OPERATOR_PASSWORD });
}

/** Posts the login form; returns the raw response. */
export async function postPlatformLogin(t: TestApp, email: string, password: string, next?: string): Promise<LightMyRequestResponse> {
  const form = await t.app.inject({ method: 'GET', url: '/platform/login' });
  const fields: Record<string, string> = { _csrf: csrfFrom(form.body), email, password };
  if (next) fields.next = next;
  return t.app.inject({
    method: 'POST',
    url: '/platform/login',
    headers: { cookie: cookiesOf(form), 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams(fields).toString(),
  });
}

/** A new operator, signed in through the form. */
export async function signedInOperator(t: TestApp): Promise<OperatorSession> {
  const admin = await createOperator(t);
  const res = await postPlatformLogin(t, admin.email, OPERATOR_PASSWORD);
  assert.equal(res.statusCode, 303, res.body);
  const cookie = setCookies(res).find((c) => c.startsWith('lm_platform='));
  assert.ok(cookie, 'sign-in sets lm_platform');
  const secret = cookie.slice('lm_platform='.length).split(';')[0] ?? '';
  return { adminId: admin.id, email: admin.email, secret, csrf: sessionCsrfToken(secret) };
}

/** app.inject as a signed-in operator: the platform cookie, plus the CSRF field on form posts. */
export function asOperator(t: TestApp, op: OperatorSession, options: InjectOptions & { form?: Record<string, string> }): Promise<LightMyRequestResponse> {
  const { form, ...rest } = options;
  const headers = { ...(rest.headers ?? {}), cookie: `lm_platform=${op.secret}`, accept: 'text/html' } as Record<string, string>;
  if (form) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    return t.app.inject({ ...rest, method: rest.method ?? 'POST', headers, payload: new URLSearchParams({ _csrf: op.csrf, ...form }).toString() });
  }
  return t.app.inject({ ...rest, headers });
}
