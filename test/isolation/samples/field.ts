/** Route-matrix samples for CPE devices, installations and services. See route-samples.ts for what a sample must do. */
import { makeCustomer, makePlan, makePlantBranch } from '../../helpers/factories.ts';
import { json, next, type RouteSample, type SampleContext, type SampleEntity } from '../sample-kit.ts';

const ANY_ID = '00000000-0000-4000-8000-000000000000';

function hex2(n: number): string {
  return (n % 256).toString(16).padStart(2, '0').toUpperCase();
}

async function victimDevice(ctx: SampleContext): Promise<SampleEntity> {
  const n = next();
  const device = await json<{ id: string }>(ctx, ctx.victim, 'POST', '/api/v1/devices', {
    brand: 'ZTE',
    model: 'F660',
    serialNumber: `VICTIM${n}`,
    macAddress: `02:00:00:${hex2(n >> 8)}:${hex2(n)}:${hex2(n * 7)}`,
  });
  return { table: 'cpe_devices', id: device.id };
}

async function victimInstallation(ctx: SampleContext, status: 'scheduled' | 'active' = 'scheduled'): Promise<SampleEntity> {
  const customer = await makeCustomer(ctx.t, ctx.victim);
  const branch = await makePlantBranch(ctx.t, ctx.victim, { napPorts: 2 });
  const installation = await json<{ id: string }>(ctx, ctx.victim, 'POST', '/api/v1/installations', { customerId: customer.id, napPortId: branch.ports[0]?.id, status });
  return { table: 'installations', id: installation.id };
}

async function victimService(ctx: SampleContext): Promise<SampleEntity> {
  const customer = await makeCustomer(ctx.t, ctx.victim);
  const plan = await makePlan(ctx.t, ctx.victim);
  const service = await json<{ id: string }>(ctx, ctx.victim, 'POST', '/api/v1/services', { customerId: customer.id, planId: plan.id, billingMode: 'postpaid', startOn: '2026-11-01', status: 'active' });
  return { table: 'services', id: service.id };
}

const deviceBody = () => ({ kind: 'router', brand: 'Taken', model: 'Over', serialNumber: `ATTACK${next()}`, macAddress: '' });
const installation = (status: 'scheduled' | 'active') => (ctx: SampleContext) => victimInstallation(ctx, status);

export const fieldSamples: Record<string, RouteSample> = {
  // API: devices
  'POST /api/v1/devices': { body: () => ({ brand: 'Anon', model: 'X', serialNumber: `ANON${next()}` }) },
  'GET /api/v1/devices/:id': { create: victimDevice },
  'PATCH /api/v1/devices/:id': { create: victimDevice, body: deviceBody },
  'POST /api/v1/devices/:id/status': { create: victimDevice, body: () => ({ status: 'retired', note: 'gone' }) },
  // API: installations
  'POST /api/v1/installations': { body: () => ({ customerId: ANY_ID }) },
  'GET /api/v1/installations/:id': { create: installation('scheduled') },
  'POST /api/v1/installations/:id/complete': { create: installation('scheduled'), body: () => ({}) },
  'POST /api/v1/installations/:id/schedule': { create: installation('scheduled'), body: () => ({ scheduledOn: '2026-12-01', technicianId: null }) },
  'POST /api/v1/installations/:id/port': { create: installation('scheduled'), body: () => ({ napPortId: ANY_ID }) },
  'POST /api/v1/installations/:id/suspend': { create: installation('active'), body: () => ({ reason: 'x' }) },
  'POST /api/v1/installations/:id/resume': { create: installation('active'), body: () => ({}) },
  'POST /api/v1/installations/:id/terminate': { create: installation('active'), body: () => ({ reason: 'x' }) },
  'POST /api/v1/installations/:id/cancel': { create: installation('scheduled'), body: () => ({ reason: 'x' }) },
  'PATCH /api/v1/installations/:id': { create: installation('active'), body: () => ({ serviceAddress: 'attack', notes: 'x' }) },
  'POST /api/v1/installations/:id/devices': { create: installation('active'), body: () => ({ add: [ANY_ID], note: 'x' }) },
  // API: services
  'POST /api/v1/services': { body: () => ({ customerId: ANY_ID, planId: ANY_ID, billingMode: 'postpaid', startOn: '2026-11-01' }) },
  'GET /api/v1/services/:id': { create: victimService },
  'PATCH /api/v1/services/:id': { create: victimService, body: () => ({ discountMinor: 100, adjustmentReason: 'attack', notes: 'x' }) },
  'POST /api/v1/services/:id/plan': { create: victimService, body: () => ({ planId: ANY_ID }) },
  'POST /api/v1/services/:id/cancel-plan-change': { create: victimService, body: () => ({}) },
  'POST /api/v1/services/:id/activate': { create: victimService, body: () => ({}) },
  'POST /api/v1/services/:id/suspend': { create: victimService, body: () => ({ reason: 'x' }) },
  'POST /api/v1/services/:id/resume': { create: victimService, body: () => ({}) },
  'POST /api/v1/services/:id/terminate': { create: victimService, body: () => ({ reason: 'x' }) },
  // Pages: devices
  'GET /app/devices/:id': { create: victimDevice },
  'GET /app/devices/:id/edit': { create: victimDevice },
  'POST /app/devices/:id': { create: victimDevice, body: deviceBody },
  'POST /app/devices/:id/status': { create: victimDevice, body: () => ({ status: 'retired', note: 'gone' }) },
  // Pages: installations
  'GET /app/installations/:id': { create: installation('scheduled') },
  'POST /app/installations/:id/complete': { create: installation('scheduled'), body: () => ({ completedOn: '' }) },
  'POST /app/installations/:id/schedule': { create: installation('scheduled'), body: () => ({ scheduledOn: '2026-12-01', technicianId: '' }) },
  'POST /app/installations/:id/port': { create: installation('scheduled'), body: () => ({ napPortId: ANY_ID }) },
  'POST /app/installations/:id/suspend': { create: installation('active'), body: () => ({ reason: 'x' }) },
  'POST /app/installations/:id/resume': { create: installation('active') },
  'POST /app/installations/:id/terminate': { create: installation('active'), body: () => ({ endedOn: '', reason: 'x' }) },
  'POST /app/installations/:id/cancel': { create: installation('scheduled'), body: () => ({ reason: 'x' }) },
  'GET /app/installations/:id/edit': { create: installation('active') },
  'POST /app/installations/:id/edit': { create: installation('active'), body: () => ({ serviceAddress: 'attack', latitude: '', longitude: '', notes: 'x' }) },
  'POST /app/installations/:id/devices': { create: installation('active'), body: () => ({ add: ANY_ID, note: 'x' }) },
  // Pages: services
  'GET /app/services/:id': { create: victimService },
  'POST /app/services/:id': { create: victimService, body: () => ({ priceOverride: '', discount: '1.00', adjustmentReason: 'attack', notes: 'x' }) },
  'POST /app/services/:id/plan': { create: victimService, body: () => ({ planId: ANY_ID, effectiveOn: '', reason: 'x' }) },
  'POST /app/services/:id/cancel-plan-change': { create: victimService },
  'POST /app/services/:id/activate': { create: victimService },
  'POST /app/services/:id/suspend': { create: victimService, body: () => ({ reason: 'x' }) },
  'POST /app/services/:id/resume': { create: victimService },
  'POST /app/services/:id/terminate': { create: victimService, body: () => ({ endOn: '', reason: 'x' }) },
};
