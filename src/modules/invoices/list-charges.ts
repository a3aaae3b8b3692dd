/** Charges of the tenant or of one customer, newest first, by status. */
import { isUuid } from '../../db/tenancy.ts';
import type { ChargeStatus } from '../../db/schema.ts';
import { pageFrom } from '../../lib/cursor.ts';
import { decodeTimeIdCursor } from '../../lib/keyset-cursor.ts';
import { Problems } from '../../lib/validate.ts';
import { assertCan, type TenantContext } from '../context.ts';
import { listChargePage, type ChargeRow } from './charges-repository.ts';

const STATUSES: readonly ChargeStatus[] = ['pending', 'invoiced', 'cancelled'];

export async function listCharges(
  ctx: TenantContext,
  input: { customerId?: string | undefined; status?: string | undefined; limit?: number | undefined; cursor?: string | undefined },
): Promise<{ items: ChargeRow[]; nextCursor: string | null }> {
  assertCan(ctx.actor, 'billing.read');
  const problems = new Problems();
  const customerId = input.customerId || undefined;
  if (customerId && !isUuid(customerId)) problems.add('customerId', 'format', 'Customer must be an id');
  const status = input.status || undefined;
  if (status && !(STATUSES as readonly string[]).includes(status)) problems.add('status', 'enum', `Status must be one of ${STATUSES.join(', ')}`);
  problems.throwIfAny();
  const limit = input.limit ?? 50;
  const cursor = decodeTimeIdCursor(input.cursor);
  const rows = await listChargePage(ctx.trx, ctx.tenantId, { customerId, status: status as ChargeStatus | undefined }, { limit, after: cursor ? { createdKey: cursor.at, id: cursor.id } : undefined });
  const page = pageFrom(rows, limit, (r) => [r.createdKey, r.id]);
  return { items: page.items.map(({ createdKey: _key, ...row }) => row), nextCursor: page.nextCursor };
}
