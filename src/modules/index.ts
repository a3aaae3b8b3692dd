/**
 * Every domain module's routes, in registration order. A new module adds its plugins here
 * (and nowhere else), which also puts its routes into the isolation matrix tests.
 */
import type { FastifyInstance } from 'fastify';
import { authPages } from './auth/pages.tsx';
import { authApi } from './auth/api.ts';
import { tenantPages } from './tenants/pages.tsx';
import { homePages } from './home/pages.tsx';
import { platformPages } from './platform/pages.tsx';

export const MODULES: ((app: FastifyInstance) => Promise<void>)[] = [authPages, authApi, tenantPages, homePages, platformPages];
