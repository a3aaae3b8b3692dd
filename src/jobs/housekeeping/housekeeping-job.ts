/**
 * `tenant.housekeeping`, run nightly for every active tenant: removes sessions that have
 * expired and invitation/reset tokens that expired or were used over 30 days ago (kept that
 * long so a reused link can still be told "already used"), and drops the content of uploaded
 * import files left unimported for 7 days (subscribers' personal data should not sit in a
 * second copy; the row and its report stay), and forgets Idempotency-Keys after 7 days.
 * One audit event records the counts, only when
 * something changed, so quiet nights leave no noise in the log.
 */
import { recordAuditEvent } from '../../modules/audit/record-audit-event.ts';
import { clearStaleImportContent } from '../../modules/imports/import-files-repository.ts';
import { defineTenantJob } from '../tenant-job.ts';
import { deleteExpiredSessions, deleteOldIdempotencyKeys, deleteStaleUserTokens } from './housekeeping-repository.ts';

const DAY_MS = 24 * 60 * 60 * 1000;
export const USED_TOKEN_RETENTION_DAYS = 30;
export const UNIMPORTED_FILE_RETENTION_DAYS = 7;
export const IDEMPOTENCY_KEY_RETENTION_DAYS = 7;

export const housekeepingJob = defineTenantJob<Record<string, never>>('tenant.housekeeping', async (ctx, _data, log) => {
  const now = ctx.now();
  const usedBefore = new Date(now.getTime() - USED_TOKEN_RETENTION_DAYS * DAY_MS);
  const sessions = await deleteExpiredSessions(ctx.trx, ctx.tenantId, now);
  const userTokens = await deleteStaleUserTokens(ctx.trx, ctx.tenantId, now, usedBefore);
  const importFiles = await clearStaleImportContent(ctx.trx, ctx.tenantId, new Date(now.getTime() - UNIMPORTED_FILE_RETENTION_DAYS * DAY_MS), now);
  const idempotencyKeys = await deleteOldIdempotencyKeys(ctx.trx, ctx.tenantId, new Date(now.getTime() - IDEMPOTENCY_KEY_RETENTION_DAYS * DAY_MS));
  log.info({ sessions, userTokens, importFiles, idempotencyKeys }, 'housekeeping deleted expired rows');
  if (sessions + userTokens + importFiles + idempotencyKeys === 0) return;
  await recordAuditEvent(ctx, {
    action: 'system.housekeeping',
    entityType: 'tenant',
    entityId: ctx.tenantId,
    after: { sessionsDeleted: sessions, userTokensDeleted: userTokens, importFilesCleared: importFiles, idempotencyKeysDeleted: idempotencyKeys },
  });
});
