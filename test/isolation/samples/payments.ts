/** Route-matrix samples for payments, receipts, prepaid top-ups and the cashier view. See route-samples.ts for what a sample must do. */
import { json, next, type RouteSample, type SampleContext, type SampleEntity } from '../sample-kit.ts';

const ANY_ID = '00000000-0000-4000-8000-000000000000';

async function victimCustomerId(ctx: SampleContext): Promise<string> {
  const customer = await json<{ id: string }>(ctx, ctx.victim, 'POST', '/api/v1/customers', { firstName: 'Victim', lastName: `Payer ${next()}`, phone: '0917 555 0101' });
  return customer.id;
}

/** A payment of the victim tenant, taken through its own API; its receipt comes with it. */
async function victimPayment(ctx: SampleContext): Promise<{ paymentId: string; receiptId: string }> {
  const customerId = await victimCustomerId(ctx);
  const made = await json<{ payment: { id: string }; receipt: { id: string } }>(ctx, ctx.victim, 'POST', '/api/v1/payments', { customerId, amount: '100.00', method: 'cash' });
  return { paymentId: made.payment.id, receiptId: made.receipt.id };
}

const paymentEntity = async (ctx: SampleContext): Promise<SampleEntity> => ({ table: 'payments', id: (await victimPayment(ctx)).paymentId });
const receiptEntity = async (ctx: SampleContext): Promise<SampleEntity> => ({ table: 'receipts', id: (await victimPayment(ctx)).receiptId });

async function victimPrepaidService(ctx: SampleContext): Promise<SampleEntity> {
  const customerId = await victimCustomerId(ctx);
  const plan = await json<{ id: string }>(ctx, ctx.victim, 'POST', '/api/v1/plans', { name: `Victim Prepaid ${next()}`, downloadMbps: 20, uploadMbps: 20, priceMinor: 99900 });
  const service = await json<{ id: string }>(ctx, ctx.victim, 'POST', '/api/v1/services', { customerId, planId: plan.id, billingMode: 'prepaid', startOn: '2026-11-01', status: 'active' });
  return { table: 'services', id: service.id };
}

export const paymentSamples: Record<string, RouteSample> = {
  // API
  'POST /api/v1/payments': { body: () => ({ customerId: ANY_ID, amount: '1.00', method: 'cash' }) },
  'GET /api/v1/payments/:id': { create: paymentEntity },
  'GET /api/v1/receipts/:id': { create: receiptEntity },
  'POST /api/v1/receipts/:id/void': { create: receiptEntity, body: () => ({ reason: 'Taken over' }) },
  'POST /api/v1/services/:id/prepaid-preview': { create: victimPrepaidService, body: () => ({ amount: '999.00' }) },
  'POST /api/v1/services/:id/prepaid-top-ups': { create: victimPrepaidService, body: () => ({ amount: '999.00', method: 'cash' }) },
  // Pages
  'POST /app/payments': { body: () => ({ customerId: ANY_ID, amount: '1.00', method: 'cash', idempotencyKey: `anon-${next()}` }) },
  'GET /app/customers/:id/payments': { create: async (ctx) => ({ table: 'customers', id: await victimCustomerId(ctx) }) },
  'GET /app/receipts/:id': { create: receiptEntity },
  'POST /app/receipts/:id/void': { create: receiptEntity, body: () => ({ reason: 'Taken over' }) },
  'GET /app/services/:id/top-up': { create: victimPrepaidService },
  'GET /app/services/:id/top-up/preview': { create: victimPrepaidService },
  'POST /app/services/:id/top-up': { create: victimPrepaidService, body: () => ({ amount: '999.00', method: 'cash', idempotencyKey: `attack-${next()}` }) },
};
