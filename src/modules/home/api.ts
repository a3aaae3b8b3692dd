/** GET /api/v1/overview: the home page's setup checklist and summary, for integrations and dashboards. */
import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { apiAuth } from '../../http/authenticate.ts';
import { inTenant } from '../../http/app-context.ts';
import { problemResponses } from '../../http/api-schemas.ts';
import { getHomeOverview } from './get-home-overview.ts';
import { CUSTOMER_STATUSES } from '../customers/customers-repository.ts';

const StepSchema = Type.Object({
  key: Type.Union(['areas', 'plans', 'plant', 'customer', 'installation', 'service'].map((k) => Type.Literal(k))),
  title: Type.String(),
  detail: Type.String(),
  done: Type.Boolean(),
  href: Type.Union([Type.String(), Type.Null()], { description: 'The page where the step is done; null when the caller lacks the permission' }),
});

const CountByStatus = Type.Integer({ minimum: 0 });

const OverviewSchema = Type.Object(
  {
    steps: Type.Array(StepSchema, { description: 'First-run checklist: service areas, plans, fiber plant, first customer, installation and service' }),
    setupDone: Type.Boolean(),
    customersByStatus: Type.Union(
      [
        Type.Object({ lead: CountByStatus, active: CountByStatus, suspended: CountByStatus, disconnected: CountByStatus, terminated: CountByStatus }),
        Type.Null(),
      ],
      { description: 'Null until setup is done, or without customers.read' },
    ),
    freePorts: Type.Union([Type.Integer(), Type.Null()], { description: 'Free drop ports in the whole plant; null until setup is done, or without network.read' }),
    importHref: Type.Union([Type.String(), Type.Null()], { description: 'The CSV import page, when the caller may run imports' }),
  },
  { $id: 'Overview' },
);

export async function homeApi(app: FastifyInstance): Promise<void> {
  app.get(
    '/api/v1/overview',
    {
      onRequest: apiAuth(),
      schema: { tags: ['overview'], summary: 'Setup checklist and network summary (what the home page shows)', response: { 200: OverviewSchema, ...problemResponses } },
    },
    async (request) => {
      const overview = await inTenant(request, (ctx) => getHomeOverview(ctx));
      const counts = overview.customersByStatus;
      // Every status, zero included, so a dashboard need not know which ones exist.
      const customersByStatus = counts ? Object.fromEntries(CUSTOMER_STATUSES.map((s) => [s, counts[s] ?? 0])) : null;
      return { ...overview, customersByStatus };
    },
  );
}
