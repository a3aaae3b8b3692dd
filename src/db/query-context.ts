/**
 * What the query log needs to know about the statement it is logging: which tenant's
 * transaction it ran in and which request caused it. withTenant fills it in.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

export interface QueryContext {
  tenantId?: string;
  requestId?: string;
  platform?: boolean;
}

export const queryContext = new AsyncLocalStorage<QueryContext>();
