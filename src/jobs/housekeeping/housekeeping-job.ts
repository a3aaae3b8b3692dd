/**
 * `tenant.housekeeping`, run nightly for every active tenant: removes sessions that have
 * expired and invitation/reset tokens that expired or were used over 30 days ago (kept that
 * long so a reused link can still be told "already used"). One audit event records the
 * counts, only when something was deleted, so quiet nights leave no noise in the log.
 */
import { recordAuditEvent } from '../../modules/audit/record-audit-event.ts';
import { defineTenantJob } from '../tenant-job.ts';
import { deleteExpiredSessions, deleteStaleUserTokens } from './housekeeping-repository.ts';

export const USED_TOKEN_RETENTION_DAYS = 30;

export const housekeepingJob = defineTenantJob<Record<string, never>>('tenant.housekeeping', async (ctx, _data, log) => {
  const now = ctx.now();
  const usedBefore = new Date(now.getTime() - USED_TOKEN_RETENTION_DAYS * 24 * 60 * 60 * 1000);
  const sessions = await deleteExpiredSessions(ctx.trx, ctx.tenantId, now);
  const userTokens = await deleteStaleUserTokens(ctx.trx, ctx.tenantId, now, usedBefore);
  log.info({ sessions, userTokens }, 'housekeeping deleted expired rows');
  if (sessions + userTokens === 0) return;
  await recordAuditEvent(ctx, {
    action: 'system.housekeeping',
    entityType: 'tenant',
    entityId: ctx.tenantId,
    after: { sessionsDeleted: sessions, userTokensDeleted: userTokens },
  });
});
