/** Service plans from CSV. Prices are in major units of the tenant currency ("1499.00"). */
import { createPlan } from '../../plans/create-plan.ts';
import { money, optional, wholeNumber, type Importer, type RowInput } from '../importer.ts';
import { externalRefExists } from './external-ref.ts';

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
