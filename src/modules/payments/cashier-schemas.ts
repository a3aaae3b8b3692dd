/** The /api/v1 shape of the cashier's end-of-day report. */
import { Type, type Static } from '@sinclair/typebox';
import type { CashierReport } from './get-cashier-report.ts';
import { MethodSchema } from './payment-schemas.ts';

const Minor = Type.Integer({ description: 'Minor units of the currency' });
const MethodTotal = Type.Object({ method: MethodSchema, currency: Type.String(), count: Type.Integer(), amountMinor: Minor });
const CurrencyTotal = Type.Object({ currency: Type.String(), count: Type.Integer(), amountMinor: Minor });

export const CashierReportSchema = Type.Object(
  {
    date: Type.String({ format: 'date' }),
    collectors: Type.Array(
      Type.Object({
        collectedBy: Type.Union([Type.String({ format: 'uuid' }), Type.Null()], { description: 'Staff user id; null for an API key' }),
        label: Type.String(),
        byMethod: Type.Array(MethodTotal),
        totals: Type.Array(CurrencyTotal),
      }),
    ),
    byMethod: Type.Array(MethodTotal),
    totals: Type.Array(CurrencyTotal),
    voided: Type.Array(
      Type.Object({
        paymentId: Type.String({ format: 'uuid' }),
        receiptId: Type.String({ format: 'uuid' }),
        receiptNumber: Type.String(),
        collectedByLabel: Type.String(),
        method: MethodSchema,
        reference: Type.String(),
        currency: Type.String(),
        amountMinor: Minor,
        voidReason: Type.String(),
        voidedByLabel: Type.String(),
        voidedAt: Type.String({ format: 'date-time' }),
      }),
    ),
  },
  { $id: 'CashierReport', description: 'Posted payments received on a date, per staff member and method; voided ones apart' },
);

export function presentCashierReport(r: CashierReport): Static<typeof CashierReportSchema> {
  const { today: _today, ...rest } = r;
  return { ...rest, voided: r.voided.map((v) => ({ ...v, voidedAt: v.voidedAt.toISOString() })) };
}
