/**
 * The context every platform use case takes first: which operator is acting, inside which
 * platform transaction. The platform counterpart of TenantContext.
 */
import type { PlatformTx } from '../../db/tenancy.ts';

export interface PlatformOperatorActor {
  id: string;
  email: string;
  name: string;
}

export interface PlatformContext {
  operator: PlatformOperatorActor;
  trx: PlatformTx;
  requestId?: string | undefined;
  ip?: string | undefined;
  now: () => Date;
}
