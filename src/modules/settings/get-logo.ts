/** The logo bytes, for any signed-in staff member of the tenant (it appears on their pages). */
import type { TenantContext } from '../context.ts';
import { notFound } from '../../lib/errors.ts';
import { findLogo } from './settings-repository.ts';

export async function getLogo(ctx: TenantContext): Promise<{ bytes: Buffer; contentType: string }> {
  const logo = await findLogo(ctx.trx, ctx.tenantId);
  if (!logo) throw notFound('Logo');
  return logo;
}
