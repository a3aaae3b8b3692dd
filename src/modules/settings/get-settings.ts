/** Reads the company settings (never the logo bytes). */
import type { TenantContext } from '../context.ts';
import { assertCan } from '../context.ts';
import { findSettings, type TenantSettings } from './settings-repository.ts';

export async function getSettings(ctx: TenantContext): Promise<TenantSettings> {
  assertCan(ctx.actor, 'settings.read');
  return findSettings(ctx.trx, ctx.tenantId);
}
