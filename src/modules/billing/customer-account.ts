/**
 * The customer as billing sees them: locked while money moves, and frozen into documents.
 */
import type { TenantTx } from '../../db/tenancy.ts';
import type { CustomerSnapshot } from '../../db/schema.ts';
import { notFound } from '../../lib/errors.ts';

/**
 * Every use case that moves a customer's money locks the customer row first, so two
 * payments, a payment and a credit note, or a void and a payment on one account run one
 * after the other and each sees what the other allocated.
 */
export async function lockCustomerAccount(trx: TenantTx, tenantId: string, customerId: string): Promise<void> {
  const row = await trx
    .selectFrom('customers')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where('id', '=', customerId)
    .forUpdate()
    .executeTakeFirst();
  if (!row) throw notFound('customer');
}

/** Name, account number and contact details as printed on a document issued now. */
export async function snapshotCustomer(trx: TenantTx, tenantId: string, customerId: string): Promise<CustomerSnapshot> {
  const c = await trx
    .selectFrom('customers')
    .select(['account_number', 'display_name', 'service_address', 'email', 'phone'])
    .where('tenant_id', '=', tenantId)
    .where('id', '=', customerId)
    .executeTakeFirst();
  if (!c) throw notFound('customer');
  return { name: c.display_name, accountNumber: c.account_number, address: c.service_address, email: c.email ?? '', phone: c.phone, taxId: '' };
}
