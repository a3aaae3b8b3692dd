/**
 * Pieces the invoice, credit-note and ledger pages share: status badges, money, the typed
 * line fields, and once-only forms. A form that moves money carries a fresh Idempotency-Key
 * in a hidden field; its POST runs through runOnce, so a double click or a resubmitted page
 * answers with the first result instead of moving the money twice.
 */
import { randomUUID } from 'node:crypto';
import type { InvoiceStatus } from '../../db/schema.ts';
import { firstText } from '../../http/form-values.ts';
import { checkIdempotencyKey, runOnce } from '../../http/idempotency.ts';
import { formatMoney } from '../../lib/money.ts';
import { Field } from '../../views/layout.tsx';
import type { TenantContext } from '../context.ts';
import { SelectField } from '../installations/form-fields.tsx';
import { CHARGE_KIND_LABELS, STAFF_CHARGE_KINDS, type StaffLineInput } from './staff-line.ts';

export const INVOICE_STATUS_LABELS: Record<InvoiceStatus, string> = {
  draft: 'Draft',
  open: 'Open',
  partially_paid: 'Partly paid',
  paid: 'Paid',
  void: 'Void',
  uncollectible: 'Uncollectible',
};

export function InvoiceStatusBadge(props: { status: InvoiceStatus }) {
  return <span class={`badge status-${props.status}`}>{INVOICE_STATUS_LABELS[props.status]}</span>;
}

export function Money(props: { minor: number; currency: string; locale: string }) {
  return <span class="money">{formatMoney(props.minor, props.currency, props.locale)}</span>;
}

const FORM_KEY = 'idempotencyKey';

/** The hidden Idempotency-Key of a money-moving form: one per rendered form. */
export function FormKey(props: { value?: string | undefined }) {
  return <input type="hidden" name={FORM_KEY} value={props.value ?? randomUUID()} />;
}

/**
 * Runs a form's operation at most once per key and returns where to send the browser (the
 * first run's answer on a repeat). Form fields other than the key and CSRF token are what
 * the key stands for.
 */
export async function onceForForm(ctx: TenantContext, form: Record<string, unknown>, operation: string, run: () => Promise<string>): Promise<string> {
  const { [FORM_KEY]: rawKey, _csrf: _token, ...content } = form;
  const key = checkIdempotencyKey(firstText(rawKey));
  const response = await runOnce(ctx, { key, operation, body: content }, 303, async () => ({ location: await run() }));
  const location = (response.body as { location?: unknown } | null)?.location;
  if (typeof location !== 'string' || !location.startsWith('/app/')) throw new Error('stored form response has no location');
  return location;
}

export const KIND_OPTIONS = STAFF_CHARGE_KINDS.map((k) => ({ value: k, label: CHARGE_KIND_LABELS[k] }));

/** A typed line as form fields read it (`prefix` is "" or "lines.0."). */
export function readLineForm(body: Record<string, unknown>, prefix = ''): StaffLineInput {
  const t = (k: string) => firstText(body[`${prefix}${k}`]) ?? '';
  return { kind: t('kind'), description: t('description'), quantity: t('quantity'), unitPrice: t('unitPrice'), taxClass: t('taxClass'), serviceId: t('serviceId') || null };
}

/** Kind, description, quantity, unit price and tax class of one typed line. */
export function LineFields(props: {
  prefix?: string;
  values: StaffLineInput;
  errors: Record<string, string>;
  currency: string;
  services?: { id: string; label: string }[];
}) {
  const p = props.prefix ?? '';
  const v = props.values;
  const e = (k: string) => props.errors[`${p}${k}`];
  return (
    <div class="filters">
      <SelectField label="Kind" name={`${p}kind`} options={KIND_OPTIONS} value={v.kind ?? 'other'} error={e('kind')} />
      <Field label="Description" name={`${p}description`} value={v.description} error={e('description')} />
      <Field label="Quantity" name={`${p}quantity`} value={v.quantity === undefined ? '1' : String(v.quantity)} error={e('quantity')} />
      <Field label={`Unit price (${props.currency})`} name={`${p}unitPrice`} value={v.unitPrice} error={e('unitPrice')} hint="As the tax class prices it" />
      <Field label="Tax class" name={`${p}taxClass`} value={v.taxClass || 'standard'} error={e('taxClass')} />
      {props.services && props.services.length > 0 ? (
        <SelectField label="Service" name={`${p}serviceId`} options={props.services.map((s) => ({ value: s.id, label: s.label }))} value={v.serviceId ?? ''} placeholder="None" error={e('serviceId')} />
      ) : null}
    </div>
  );
}
