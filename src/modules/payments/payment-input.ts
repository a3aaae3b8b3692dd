/**
 * What a cashier types for a payment, read the same way from the API and the form: the
 * amount in major units of the tenant currency ("1,499.50" -> 149950, never through a float),
 * the method, its reference (required for everything but cash), the day it was received
 * (today by default, never in the future) and notes. Every problem is collected under the
 * API's field name, so a form shows all of them at once.
 */
import type { PaymentMethod } from '../../db/schema.ts';
import { minorToMajorText, parseMajorAmount } from '../../lib/money.ts';
import type { Problems } from '../../lib/validate.ts';
import { parseCalendarDate } from '../../lib/zoned-time.ts';
import { PAYMENT_METHODS } from '../billing/payment-methods.ts';

export const PAYMENT_METHOD_KEYS = Object.keys(PAYMENT_METHODS) as PaymentMethod[];

export function isPaymentMethod(value: unknown): value is PaymentMethod {
  return typeof value === 'string' && Object.hasOwn(PAYMENT_METHODS, value);
}

/** The money part of a payment, as typed. */
export interface PaymentFieldsInput {
  /** Major units as typed ("1499.50"), in the tenant's currency. */
  amount?: string | undefined;
  method?: string | undefined;
  /** Bank, cheque, e-wallet or card reference; required unless the method is cash. */
  reference?: string | undefined;
  /** YYYY-MM-DD in the tenant's zone; default today. */
  receivedOn?: string | undefined;
  notes?: string | undefined;
}

export interface PaymentFields {
  amountMinor: number;
  method: PaymentMethod;
  reference: string;
  receivedOn: string;
  notes: string;
}

/** A positive amount in major units of `currency`; undefined (with a problem) otherwise. */
export function readPaymentAmount(problems: Problems, raw: unknown, currency: string, field = 'amount'): number | undefined {
  const text = typeof raw === 'string' ? raw.trim() : '';
  if (text === '') {
    problems.add(field, 'required', 'Amount is required');
    return undefined;
  }
  const minor = parseMajorAmount(text, currency);
  if (minor === undefined) {
    problems.add(field, 'format', `Amount must be an amount in ${currency} like ${minorToMajorText(149950, currency)}`);
    return undefined;
  }
  if (minor === 0) {
    problems.add(field, 'positive', 'Amount must be more than zero');
    return undefined;
  }
  return minor;
}

export function readPaymentFields(problems: Problems, input: PaymentFieldsInput, currency: string, today: string): PaymentFields | undefined {
  const amountMinor = readPaymentAmount(problems, input.amount, currency);
  const method = input.method?.trim() ?? '';
  if (method === '') problems.add('method', 'required', 'Method is required');
  else if (!isPaymentMethod(method)) problems.add('method', 'enum', `Method must be one of ${PAYMENT_METHOD_KEYS.join(', ')}`);

  const reference = (input.reference ?? '').trim();
  if (reference.length > 100) problems.add('reference', 'max_length', 'Reference must be at most 100 characters');
  else if (reference === '' && isPaymentMethod(method) && method !== 'cash') {
    problems.add('reference', 'required', `A ${PAYMENT_METHODS[method]} payment needs its reference (transaction, cheque or approval number)`);
  }

  const receivedOn = (input.receivedOn ?? '').trim() || today;
  if (!parseCalendarDate(receivedOn)) problems.add('receivedOn', 'format', 'Received on must be a date written YYYY-MM-DD');
  else if (receivedOn > today) problems.add('receivedOn', 'not_future', `Received on cannot be after today (${today})`);

  const notes = (input.notes ?? '').trim();
  if (notes.length > 1000) problems.add('notes', 'max_length', 'Notes must be at most 1000 characters');

  if (amountMinor === undefined || !isPaymentMethod(method)) return undefined;
  return { amountMinor, method, reference, receivedOn, notes };
}
