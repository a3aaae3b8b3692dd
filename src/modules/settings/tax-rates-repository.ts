/** The tenant's tax rates, with how many active plans name each class. */
import { sql } from 'kysely';
import { isUuid, type TenantTx } from '../../db/tenancy.ts';
import { formatRate } from '../billing/line-tax.ts';

export interface TaxRateView {
  id: string;
  taxClass: string;
  name: string;
  /** Parts per million: 12% is 120000. */
  ratePpm: number;
  /** The same rate as percent text without the sign: "12", "7.5". */
  rate: string;
  inclusive: boolean;
  /** Active plans whose tax class this is. */
  planCount: number;
  createdAt: Date;
  updatedAt: Date;
}

export interface TaxRateFields {
  taxClass: string;
  name: string;
  ratePpm: number;
  inclusive: boolean;
}

/** "7.5%" without the sign, so the text parses back to the same ppm. */
export function ratePercentText(ratePpm: number): string {
  return formatRate(ratePpm).replace(/%$/, '');
}

function selectTaxRates(trx: TenantTx, tenantId: string) {
  return trx
    .selectFrom('tax_rates as r')
    .select([
      'r.id',
      'r.tax_class',
      'r.name',
      'r.rate_ppm',
      'r.inclusive',
      'r.created_at',
      'r.updated_at',
      (eb) =>
        eb
          .selectFrom('service_plans as p')
          .select(sql<number>`count(*)::int`.as('n'))
          .where('p.tenant_id', '=', tenantId)
          .whereRef('p.tax_class', '=', 'r.tax_class')
          .where('p.active', '=', true)
          .as('plan_count'),
    ])
    .where('r.tenant_id', '=', tenantId);
}

type Row = Awaited<ReturnType<ReturnType<typeof selectTaxRates>['executeTakeFirstOrThrow']>>;

function viewOf(row: Row): TaxRateView {
  const ratePpm = Number(row.rate_ppm);
  return {
    id: row.id,
    taxClass: row.tax_class,
    name: row.name,
    ratePpm,
    rate: ratePercentText(ratePpm),
    inclusive: row.inclusive,
    planCount: Number(row.plan_count ?? 0),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** All of them, by class: a tenant has a handful, so there is no paging. */
export async function listTaxRateRows(trx: TenantTx, tenantId: string): Promise<TaxRateView[]> {
  const rows = await selectTaxRates(trx, tenantId).orderBy('r.tax_class').execute();
  return rows.map(viewOf);
}

export async function findTaxRate(trx: TenantTx, tenantId: string, id: string, options: { forUpdate?: boolean } = {}): Promise<TaxRateView | undefined> {
  if (!isUuid(id)) return undefined;
  if (options.forUpdate) {
    const locked = await trx.selectFrom('tax_rates').select('id').where('tenant_id', '=', tenantId).where('id', '=', id).forUpdate().executeTakeFirst();
    if (!locked) return undefined;
  }
  const row = await selectTaxRates(trx, tenantId).where('r.id', '=', id).executeTakeFirst();
  return row ? viewOf(row) : undefined;
}

export async function taxClassTaken(trx: TenantTx, tenantId: string, taxClass: string, exceptId?: string): Promise<boolean> {
  let query = trx.selectFrom('tax_rates').select('id').where('tenant_id', '=', tenantId).where('tax_class', '=', taxClass);
  if (exceptId) query = query.where('id', '<>', exceptId);
  return (await query.executeTakeFirst()) !== undefined;
}

export async function insertTaxRate(trx: TenantTx, tenantId: string, fields: TaxRateFields, now: Date): Promise<string> {
  const row = await trx
    .insertInto('tax_rates')
    .values({ tenant_id: tenantId, tax_class: fields.taxClass, name: fields.name, rate_ppm: fields.ratePpm, inclusive: fields.inclusive, created_at: now, updated_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function updateTaxRateRow(trx: TenantTx, tenantId: string, id: string, fields: TaxRateFields, now: Date): Promise<void> {
  await trx
    .updateTable('tax_rates')
    .set({ tax_class: fields.taxClass, name: fields.name, rate_ppm: fields.ratePpm, inclusive: fields.inclusive, updated_at: now })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .execute();
}

export async function deleteTaxRateRow(trx: TenantTx, tenantId: string, id: string): Promise<void> {
  await trx.deleteFrom('tax_rates').where('tenant_id', '=', tenantId).where('id', '=', id).execute();
}

/** Tax classes active plans use that have no rate: those plans are billed without tax. */
export async function untaxedPlanClasses(trx: TenantTx, tenantId: string): Promise<{ taxClass: string; planCount: number }[]> {
  const rows = await trx
    .selectFrom('service_plans as p')
    .select(['p.tax_class', sql<number>`count(*)::int`.as('n')])
    .where('p.tenant_id', '=', tenantId)
    .where('p.active', '=', true)
    .where((eb) => eb.not(eb.exists(eb.selectFrom('tax_rates as r').select('r.id').where('r.tenant_id', '=', tenantId).whereRef('r.tax_class', '=', 'p.tax_class'))))
    .groupBy('p.tax_class')
    .orderBy('p.tax_class')
    .execute();
  return rows.map((r) => ({ taxClass: r.tax_class, planCount: Number(r.n) }));
}
