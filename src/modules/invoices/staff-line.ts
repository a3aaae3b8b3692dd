/**
 * A charge or invoice line typed by staff: what it is, for how much, and how it is taxed.
 * The same reader serves add-charge, create-invoice's typed lines and add-invoice-line, so
 * the three accept exactly the same fields with the same rules.
 */
import type { ChargeKind } from '../../db/schema.ts';
import type { Problems } from '../../lib/validate.ts';
import type { TenantContext } from '../context.ts';
import { readAmount, readOptionalId, readQuantity, readRequiredText, readTaxClass } from './billing-input.ts';
import { serviceOfCustomer } from './charges-repository.ts';

/** Kinds staff may type; proration lines come only from plan changes and cancellations. */
export const STAFF_CHARGE_KINDS = ['setup_fee', 'installation_fee', 'equipment', 'late_fee', 'reconnection_fee', 'other'] as const satisfies readonly ChargeKind[];
export type StaffChargeKind = (typeof STAFF_CHARGE_KINDS)[number];

export const CHARGE_KIND_LABELS: Record<ChargeKind, string> = {
  setup_fee: 'Setup fee',
  installation_fee: 'Installation fee',
  equipment: 'Equipment',
  late_fee: 'Late fee',
  reconnection_fee: 'Reconnection fee',
  other: 'Other',
  proration_credit: 'Credit for unused days',
  proration_charge: 'Charge for remaining days',
};

/** As typed: the unit price in major units of the tenant currency ("1499.50"). */
export interface StaffLineInput {
  kind?: string | undefined;
  description?: string | undefined;
  quantity?: number | string | undefined;
  unitPrice?: string | undefined;
  /** Default 'standard'. */
  taxClass?: string | undefined;
  /** One of the customer's services, or none. */
  serviceId?: string | null | undefined;
}

export interface StaffLine {
  kind: StaffChargeKind;
  description: string;
  quantity: number;
  unitPriceMinor: number;
  taxClass: string;
  serviceId: string | null;
}

const isStaffKind = (k: unknown): k is StaffChargeKind => typeof k === 'string' && (STAFF_CHARGE_KINDS as readonly string[]).includes(k);

/**
 * Reads one line; problems go under `${prefix}${field}` (prefix "lines.0." for the first
 * typed line of an invoice, "" for a charge). Undefined when anything was wrong.
 */
export async function readStaffLine(ctx: TenantContext, problems: Problems, prefix: string, input: StaffLineInput, customerId: string | null, currency: string): Promise<StaffLine | undefined> {
  const before = problems.list.length;
  const kind = input.kind;
  if (!isStaffKind(kind)) problems.add(`${prefix}kind`, 'enum', `Kind must be one of ${STAFF_CHARGE_KINDS.join(', ')}`);
  const description = readRequiredText(problems, `${prefix}description`, 'Description', input.description, 300);
  const quantity = readQuantity(problems, `${prefix}quantity`, input.quantity);
  const unitPriceMinor = readAmount(problems, `${prefix}unitPrice`, 'Unit price', input.unitPrice, currency);
  if (unitPriceMinor !== undefined && !Number.isSafeInteger(unitPriceMinor * quantity)) problems.add(`${prefix}unitPrice`, 'range', 'Quantity times unit price is too large');
  const taxClass = readTaxClass(problems, `${prefix}taxClass`, input.taxClass);
  const serviceId = readOptionalId(problems, `${prefix}serviceId`, 'Service', input.serviceId);
  if (serviceId && customerId && !(await serviceOfCustomer(ctx.trx, ctx.tenantId, serviceId, customerId))) {
    problems.add(`${prefix}serviceId`, 'not_found', 'Pick one of this customer’s services');
  }
  if (problems.list.length > before || !isStaffKind(kind) || unitPriceMinor === undefined) return undefined;
  return { kind, description, quantity, unitPriceMinor, taxClass, serviceId };
}
