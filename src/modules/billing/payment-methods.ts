/** How each payment method reads on screens, receipts and ledger descriptions. */
import type { PaymentMethod } from '../../db/schema.ts';

export const PAYMENT_METHODS: Record<PaymentMethod, string> = {
  cash: 'Cash',
  bank_transfer: 'Bank transfer',
  cheque: 'Cheque',
  gcash: 'GCash',
  maya: 'Maya',
  mpesa: 'M-Pesa',
  card: 'Card',
  other: 'Other',
};
