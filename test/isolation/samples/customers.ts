/** Route-matrix samples for customers (subscribers) and their page. See route-samples.ts for what a sample must do. */
import { json, next, type RouteSample, type SampleContext, type SampleEntity } from '../sample-kit.ts';

/** A customer of the victim tenant, made through the victim's own API. */
async function victimCustomer(ctx: SampleContext): Promise<SampleEntity> {
  const customer = await json<{ id: string }>(ctx, ctx.victim, 'POST', '/api/v1/customers', {
    firstName: 'Victim',
    lastName: `Subscriber ${next()}`,
    phone: '0917 555 0000',
  });
  return { table: 'customers', id: customer.id };
}

const customerFields = () => ({ firstName: 'Taken', lastName: 'Over', phone: '0917 000 0000' });

export const customerSamples: Record<string, RouteSample> = {
  // API
  'POST /api/v1/customers': { body: () => ({ firstName: 'Anon', lastName: `Body ${next()}` }) },
  'GET /api/v1/customers/:id': { create: victimCustomer },
  'PATCH /api/v1/customers/:id': { create: victimCustomer, body: customerFields },
  'POST /api/v1/customers/:id/status': { create: victimCustomer, body: () => ({ status: 'terminated', reason: 'Taken over' }) },
  'GET /api/v1/customers/:id/status-history': { create: victimCustomer },
  // Pages
  'POST /app/customers': { body: () => ({ firstName: 'Anon', lastName: `Form ${next()}` }) },
  'GET /app/customers/:id': { create: victimCustomer },
  'GET /app/customers/:id/edit': { create: victimCustomer },
  'POST /app/customers/:id': { create: victimCustomer, body: customerFields },
  'POST /app/customers/:id/status': { create: victimCustomer, body: () => ({ status: 'terminated', reason: 'Taken over' }) },
};
