/**
 * Secrets handed to people (session cookies, API keys, e-mailed links). Only a SHA-256 of
 * each is stored. The tenant id travels in front of the secret so the lookup can run inside
 * that tenant's RLS context; it is not secret and grants nothing by itself.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { isUuid } from '../db/tenancy.ts';

export function newSecret(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export function safeEqual(a: string, b: string): boolean {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  return ab.length === bb.length && timingSafeEqual(ab, bb);
}

export interface TenantToken {
  tenantId: string;
  secret: string;
}

/** `<tenant uuid>.<secret>`: session cookies and e-mailed links. */
export function formatTenantToken(tenantId: string, secret: string): string {
  return `${tenantId}.${secret}`;
}

export function parseTenantToken(value: string | undefined): TenantToken | undefined {
  if (!value) return undefined;
  const dot = value.indexOf('.');
  if (dot !== 36) return undefined;
  const tenantId = value.slice(0, 36);
  const secret = value.slice(37);
  if (!isUuid(tenantId) || !/^[A-Za-z0-9_-]{20,200}$/.test(secret)) return undefined;
  return { tenantId, secret };
}

/** API keys read `lm_<tenant uuid without dashes>_<secret>` so they are easy to spot in leaks. */
export function formatApiKey(tenantId: string, secret: string): string {
  return `lm_${tenantId.replaceAll('-', '')}_${secret}`;
}

export function parseApiKey(value: string): TenantToken | undefined {
  const match = /^lm_([0-9a-f]{32})_([A-Za-z0-9_-]{20,200})$/.exec(value);
  if (!match || !match[1] || !match[2]) return undefined;
  const hex = match[1];
  const tenantId = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  return { tenantId, secret: match[2] };
}
