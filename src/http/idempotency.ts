/**
 * Idempotency-Key for POSTs that move money (DESIGN.md "Interfaces"). The key is claimed by
 * inserting it in the same tenant transaction as the money it moves:
 *
 * - a retry after the first committed finds the stored row and gets the first response
 *   (status and body) without running anything;
 * - a concurrent duplicate blocks on the unique index (tenant_id, key) until the first
 *   commits, then finds the stored row, so two identical requests never both move money;
 * - when the operation fails, the transaction rolls back and takes the claim with it, so a
 *   retry runs again (errors are never stored);
 * - the same key with another body or on another operation is refused (422).
 *
 * Without the header the operation simply runs.
 */
import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { sql } from 'kysely';
import { AppError } from '../lib/errors.ts';
import type { TenantContext } from '../modules/context.ts';
import { inTenant } from './app-context.ts';

export const IDEMPOTENCY_HEADER = 'Idempotency-Key';

/** Visible ASCII and spaces, 1 to 255 characters (the column's limit). */
const KEY_FORMAT = /^[\x20-\x7E]{1,255}$/;

export interface IdempotentRequest {
  /** The caller's key; undefined runs the operation without idempotency. */
  key: string | undefined;
  /** Names the use case ("payments.record"): the same key on another operation is refused. */
  operation: string;
  /** The request content the key stands for. */
  body: unknown;
}

export interface StoredResponse {
  status: number;
  body: unknown;
  /** True when this response was stored by an earlier request with the same key. */
  replayed: boolean;
}

function badKey(message: string): AppError {
  return new AppError(400, 'invalid_idempotency_key', message, [{ field: IDEMPOTENCY_HEADER, rule: 'format', message }]);
}

/** The key a form or client sent, checked; undefined when there is none. */
export function checkIdempotencyKey(raw: unknown): string | undefined {
  if (raw === undefined) return undefined;
  if (typeof raw !== 'string') throw badKey(`Send one ${IDEMPOTENCY_HEADER} header, not several`);
  if (!KEY_FORMAT.test(raw) || raw.trim() === '') throw badKey(`${IDEMPOTENCY_HEADER} must be 1 to 255 printable characters`);
  return raw;
}

/** JSON with object keys sorted at every level, so the same content always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v ?? null)).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

export function requestHash(operation: string, body: unknown): string {
  return createHash('sha256').update(`${operation}\n${canonicalJson(body)}`).digest('hex');
}

function reused(): AppError {
  const message = `This ${IDEMPOTENCY_HEADER} was already used for a different request; use a new key for new content`;
  return new AppError(422, 'idempotency_key_reused', message, [{ field: IDEMPOTENCY_HEADER, rule: 'reused', message }]);
}

/**
 * Runs `run` at most once per key, inside the caller's tenant transaction (ctx.trx), and
 * returns its response or the one stored by the first request with this key. `run` returns
 * the presented body: that is what a retry gets back.
 */
export async function runOnce(ctx: TenantContext, request: IdempotentRequest, status: number, run: () => Promise<unknown>): Promise<StoredResponse> {
  if (request.key === undefined) return { status, body: await run(), replayed: false };
  const hash = requestHash(request.operation, request.body);
  // The claim row: status 0 means "in progress". A duplicate's insert waits here on the
  // unique index until this transaction ends, then either claims a freed key or finds ours.
  const claimed = await sql<{ id: string }>`
    insert into idempotency_keys (tenant_id, key, request_hash, operation, response_status, response_body)
    values (${ctx.tenantId}, ${request.key}, ${hash}, ${request.operation}, 0, 'null'::jsonb)
    on conflict (tenant_id, key) do nothing
    returning id`.execute(ctx.trx);
  const claim = claimed.rows[0];
  if (!claim) {
    const stored = await ctx.trx
      .selectFrom('idempotency_keys')
      .select(['request_hash', 'operation', 'response_status', 'response_body'])
      .where('tenant_id', '=', ctx.tenantId)
      .where('key', '=', request.key)
      .executeTakeFirstOrThrow();
    if (stored.operation !== request.operation || stored.request_hash !== hash) throw reused();
    return { status: Number(stored.response_status), body: stored.response_body, replayed: true };
  }
  const body = await run();
  // The app role may not UPDATE a stored response (it never changes once written), so the
  // claim is replaced by the final row in the same transaction; waiters see only the final one.
  await ctx.trx.deleteFrom('idempotency_keys').where('tenant_id', '=', ctx.tenantId).where('id', '=', claim.id).execute();
  await ctx.trx
    .insertInto('idempotency_keys')
    .values({ tenant_id: ctx.tenantId, key: request.key, request_hash: hash, operation: request.operation, response_status: status, response_body: JSON.stringify(body ?? null) })
    .execute();
  return { status, body, replayed: false };
}

/**
 * For an API route: reads the Idempotency-Key header, runs the operation in the caller's
 * tenant transaction at most once per key, and sends the (first) response. A replay carries
 * `Idempotent-Replayed: true`.
 *
 *   return runIdempotent(request, reply, { operation: 'payments.record', body: request.body, status: 201 },
 *     async (ctx) => presentPayment(await recordPayment(ctx, input)));
 */
export async function runIdempotent(
  request: FastifyRequest,
  reply: FastifyReply,
  options: { operation: string; body: unknown; status: number },
  run: (ctx: TenantContext) => Promise<unknown>,
): Promise<FastifyReply> {
  const key = checkIdempotencyKey(request.headers[IDEMPOTENCY_HEADER.toLowerCase()]);
  const response = await inTenant(request, (ctx) => runOnce(ctx, { key, operation: options.operation, body: options.body }, options.status, () => run(ctx)));
  if (response.replayed) void reply.header('Idempotent-Replayed', 'true');
  return reply.status(response.status).send(response.body);
}
