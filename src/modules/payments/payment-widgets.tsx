/** Small display pieces the payment, receipt, top-up and cashier pages share. */
import type { PaymentMethod } from '../../db/schema.ts';
import { formatMoney } from '../../lib/money.ts';
import { PAYMENT_METHODS } from '../billing/payment-methods.ts';

/** How the company shows money and time: its currency, locale and zone. */
export interface MoneyFormat {
  currency: string;
  locale: string;
  timeZone: string;
}

export function Money(props: { minor: number; currency: string; locale: string }) {
  return <span class="money">{formatMoney(props.minor, props.currency, props.locale)}</span>;
}

export function methodLabel(method: PaymentMethod): string {
  return PAYMENT_METHODS[method];
}

/** Voided documents stay listed; this is how they are marked. */
export function VoidMark(props: { reason?: string | null | undefined }) {
  return (
    <span class="badge status-terminated" title={props.reason ?? undefined} data-testid="void-mark">
      VOID
    </span>
  );
}

export const RECEIPT_TITLES = { official: 'Official receipt', acknowledgment: 'Acknowledgment receipt' } as const;
