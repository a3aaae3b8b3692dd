/**
 * Service plans from CSV. Prices are in major units of the tenant currency ("1499.00"). A plan
 * staff already made by hand (same name) with no external_ref is adopted: it takes the row's
 * external_ref and nothing else about it changes (price, speeds and the rest stay as they are).
 */
import { sql } from 'kysely';
import { createPlan } from '../../plans/create-plan.ts';
import { planAuditShape } from '../../plans/plan-input.ts';
import { findPlan } from '../../plans/plans-repository.ts';
import { cleanText } from '../../../lib/validate.ts';
import { money, optional, wholeNumber, type Importer, type RowInput } from '../importer.ts';
import { adoptRecord, externalRefExists } from './external-ref.ts';

const COLUMNS: Record<string, string> = {
  externalRef: 'external_ref',
  downloadMbps: 'download_mbps',
  uploadMbps: 'upload_mbps',
  priceMinor: 'price',
  setupFeeMinor: 'setup_fee',
  periodUnit: 'period_unit',
  periodCount: 'period_count',
  taxClass: 'tax_class',
};

/**
 * A number the plan cannot do without. An empty cell goes to the use case as missing (it says
 * "... is required"); the contract types it as a number, hence the cast.
 */
function requiredNumber(input: RowInput, column: string, read: (input: RowInput, column: string) => number | undefined): number {
  return read(input, column) as number;
}

/**
 * Adopts a hand-made plan of this name (true), or reports the clash when it came from another
 * import. False means the row goes on to createPlan, which reports the rest of the row's
 * problems (its own "name taken" is dropped, the column being faulted already) or creates the
 * plan. The plan row is locked so two imports cannot adopt it at once (the second waits,
 * then sees the first one's ref).
 */
async function adoptPlan(input: RowInput, name: string): Promise<boolean> {
  const { ctx, problems } = input;
  const existing = await ctx.trx
    .selectFrom('service_plans')
    .select(['id', 'external_ref'])
    .where('tenant_id', '=', ctx.tenantId)
    .where(sql<string>`lower(name)`, '=', name.toLowerCase())
    .forUpdate()
    .executeTakeFirst();
  if (!existing) return false;
  if (existing.external_ref !== null) {
    problems.add('name', `A plan named "${name}" already exists with external_ref "${existing.external_ref}"; give this row that external_ref to skip it, or use another name`);
    return false;
  }
  await adoptRecord(ctx, { table: 'service_plans', id: existing.id, externalRef: input.externalRef }, { action: 'plan.adopted', entityType: 'service_plan', read: () => findPlan(ctx.trx, ctx.tenantId, existing.id), shape: planAuditShape });
  return true;
}

export const plansImporter: Importer = {
  type: 'plans',
  title: 'Service plans',
  permissions: ['plans.manage'],
  columns: [
    { name: 'external_ref', required: true, help: 'Your own unique id for the row' },
    { name: 'name', required: true, help: 'Plan name, unique' },
    { name: 'download_mbps', required: true, help: 'Download speed in Mbps (whole number)' },
    { name: 'upload_mbps', required: true, help: 'Upload speed in Mbps (whole number)' },
    { name: 'price', required: true, help: 'Price of one billing period in the company currency, e.g. 1499.00' },
    { name: 'period_unit', help: 'month (default) or day' },
    { name: 'period_count', help: 'Months or days in one period (default 1)' },
    { name: 'setup_fee', help: 'One-time setup fee, e.g. 500.00 (empty for none)' },
    { name: 'tax_class', help: 'Tax class key (default standard)' },
    { name: 'description', help: 'Shown to staff and subscribers' },
  ],
  alreadyImported: (ctx, ref) => externalRefExists(ctx, 'service_plans', ref),
  async importRow(input) {
    const { ctx, row, problems } = input;
    const name = cleanText(row.values.name);
    if (name !== '' && (await adoptPlan(input, name))) return 'adopted';
    const downloadMbps = requiredNumber(input, 'download_mbps', wholeNumber);
    const uploadMbps = requiredNumber(input, 'upload_mbps', wholeNumber);
    const priceMinor = requiredNumber(input, 'price', money);
    const setupFeeMinor = money(input, 'setup_fee');
    const periodCount = wholeNumber(input, 'period_count');
    const periodUnit = optional(row, 'period_unit');
    await problems.call(COLUMNS, () =>
      createPlan(ctx, {
        name: row.values.name ?? '',
        downloadMbps,
        uploadMbps,
        priceMinor,
        ...(periodUnit !== undefined ? { periodUnit: periodUnit.toLowerCase() as 'month' | 'day' } : {}),
        ...(periodCount !== undefined ? { periodCount } : {}),
        setupFeeMinor: setupFeeMinor ?? null,
        ...(optional(row, 'tax_class') !== undefined ? { taxClass: optional(row, 'tax_class') } : {}),
        description: row.values.description ?? '',
        externalRef: input.externalRef,
      }),
    );
  },
};
