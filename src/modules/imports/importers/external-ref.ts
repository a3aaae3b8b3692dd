/** What every importer shares about external refs: has this one been imported, and adopting a hand-made record. */
import { recordAuditEvent } from '../../audit/record-audit-event.ts';
import type { TenantContext } from '../../context.ts';

type RefTable = 'service_areas' | 'service_plans' | 'customers' | 'cpe_devices' | 'installations';

export async function externalRefExists(ctx: TenantContext, table: RefTable, externalRef: string): Promise<boolean> {
  const row = await ctx.trx.selectFrom(table).select('id').where('tenant_id', '=', ctx.tenantId).where('external_ref', '=', externalRef).executeTakeFirst();
  return row !== undefined;
}

/**
 * Adopting a record staff made by hand: the row's external_ref is written onto it (only if it
 * still has none) and the change is audited; nothing else about the record changes. The
 * caller finds the record (locked FOR UPDATE) and reads it before and after in its own shape.
 */
export async function adoptRecord<T>(
  ctx: TenantContext,
  record: { table: 'service_areas' | 'service_plans'; id: string; externalRef: string },
  audit: { action: string; entityType: string; read: () => Promise<T | undefined>; shape: (row: T) => Record<string, unknown> },
): Promise<void> {
  const before = await audit.read();
  await ctx.trx
    .updateTable(record.table)
    .set({ external_ref: record.externalRef, updated_at: ctx.now() })
    .where('tenant_id', '=', ctx.tenantId)
    .where('id', '=', record.id)
    .where('external_ref', 'is', null)
    .execute();
  const after = await audit.read();
  if (!before || !after) throw new Error(`${record.table} row vanished while adopted`);
  await recordAuditEvent(ctx, { action: audit.action, entityType: audit.entityType, entityId: record.id, before: audit.shape(before), after: audit.shape(after) });
}
