/**
 * Edits a subscriber's details: every editable field except the status (change-customer-status)
 * and the account number (never changes). Fields left out keep their value, so the API can
 * PATCH one field. The audit entry holds only the fields that changed, before and after.
 */
import { notFound } from '../../lib/errors.ts';
import { Problems } from '../../lib/validate.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { assertCan, type TenantContext } from '../context.ts';
import { checkCustomerFields, COLUMN_FIELDS, customerAsInput, type CustomerFieldsInput } from './customer-input.ts';
import { findCustomer, lockCustomer, updateCustomerColumns, type CustomerColumns, type CustomerView } from './customers-repository.ts';

export interface UpdateCustomerInput extends CustomerFieldsInput {
  customerId: string;
}

export async function updateCustomer(ctx: TenantContext, input: UpdateCustomerInput): Promise<CustomerView> {
  assertCan(ctx.actor, 'customers.manage');
  const current = await lockCustomer(ctx.trx, ctx.tenantId, input.customerId);
  if (!current) throw notFound('Customer');

  const provided = Object.fromEntries(Object.entries(input).filter(([key, value]) => key !== 'customerId' && value !== undefined)) as CustomerFieldsInput;
  const problems = new Problems();
  const columns = await checkCustomerFields(ctx.trx, ctx.tenantId, problems, { ...customerAsInput(current), ...provided }, current);
  problems.throwIfAny();

  const before: Record<string, unknown> = {};
  const after: Record<string, unknown> = {};
  const changes: Partial<CustomerColumns> = {};
  const was = customerAsInput(current);
  for (const [column, field] of Object.entries(COLUMN_FIELDS) as [keyof CustomerColumns, keyof CustomerFieldsInput][]) {
    const next = columns[column] ?? null;
    const old = was[field] ?? null;
    if (JSON.stringify(next) === JSON.stringify(old)) continue;
    (changes as Record<string, unknown>)[column] = next;
    before[field] = old;
    after[field] = next;
  }
  if (Object.keys(changes).length === 0) return current;

  await updateCustomerColumns(ctx.trx, ctx.tenantId, current.id, changes, ctx.now());
  await recordAuditEvent(ctx, { action: 'customer.updated', entityType: 'customer', entityId: current.id, before, after });
  const updated = await findCustomer(ctx.trx, ctx.tenantId, current.id);
  if (!updated) throw notFound('Customer');
  return updated;
}
