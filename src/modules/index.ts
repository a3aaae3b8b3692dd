/**
 * Every domain module's routes, in registration order. A new module adds its plugins here
 * (and nowhere else), which also puts its routes into the isolation matrix tests.
 */
import type { FastifyInstance } from 'fastify';
import { authPages } from './auth/pages.tsx';
import { authApi } from './auth/api.ts';
import { tenantPages } from './tenants/pages.tsx';
import { homeApi } from './home/api.ts';
import { homePages } from './home/pages.tsx';
import { platformPages } from './platform/pages.tsx';
import { auditPages } from './audit/pages.tsx';
import { auditApi } from './audit/api.ts';
import { settingsPages } from './settings/pages.tsx';
import { settingsApi } from './settings/api.ts';
import { apiKeyPages } from './api-keys/pages.tsx';
import { apiKeysApi } from './api-keys/api.ts';
import { outboxPages } from './mail/pages.tsx';
import { usersPages } from './users/pages.tsx';
import { usersApi } from './users/api.ts';
import { invitationPages } from './users/invitation-pages.tsx';
import { rolesPages } from './roles/pages.tsx';
import { rolesApi } from './roles/api.ts';
import { passwordPages } from './auth/password-pages.tsx';
import { profilePages } from './profile/pages.tsx';
import { areaRoutes } from './areas/routes.ts';
import { planRoutes } from './plans/routes.ts';
import { customerRoutes } from './customers/routes.ts';
import { plantRoutes } from './plant/routes.ts';
import { deviceRoutes } from './devices/routes.ts';
import { installationRoutes } from './installations/routes.ts';
import { serviceRoutes } from './services/routes.ts';
import { mapRoutes } from './map/routes.ts';
import { importRoutes } from './imports/routes.ts';
import { paymentRoutes } from './payments/routes.ts';
import { invoiceRoutes } from './invoices/routes.ts';
import { creditNoteRoutes } from './credit-notes/routes.ts';
import { ledgerRoutes } from './ledger/routes.ts';
import { documentRoutes } from './documents/routes.ts';
import { billingRunRoutes } from './billing-runs/routes.ts';

export const MODULES: ((app: FastifyInstance) => Promise<void>)[] = [authPages, authApi, tenantPages, homePages, homeApi, platformPages, auditPages, auditApi, settingsPages, settingsApi, apiKeyPages, apiKeysApi, outboxPages, usersPages, usersApi, invitationPages, rolesPages, rolesApi, passwordPages, profilePages,
  // Issue 3: subscribers, plans and the fiber network.
  areaRoutes, planRoutes, customerRoutes, plantRoutes, deviceRoutes, installationRoutes, serviceRoutes, mapRoutes, importRoutes,
  // Issue 4: billing.
  paymentRoutes,
  invoiceRoutes, creditNoteRoutes, ledgerRoutes,
  documentRoutes, billingRunRoutes,
];
