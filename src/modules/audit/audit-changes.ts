/**
 * A readable diff of an audit entry: which top-level keys changed, from what to what.
 * Created entities (no before) list every key of after; deleted ones every key of before.
 */
export interface AuditChange {
  key: string;
  before: unknown;
  after: unknown;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function auditChanges(before: unknown, after: unknown): AuditChange[] {
  if (before == null && after == null) return [];
  if (!isRecord(before ?? {}) || !isRecord(after ?? {})) {
    return sameJson(before, after) ? [] : [{ key: '', before: before ?? null, after: after ?? null }];
  }
  const b = (before ?? {}) as Record<string, unknown>;
  const a = (after ?? {}) as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])];
  return keys
    .filter((key) => !sameJson(b[key], a[key]))
    .map((key) => ({ key, before: Object.hasOwn(b, key) ? b[key] : null, after: Object.hasOwn(a, key) ? a[key] : null }));
}

function sameJson(x: unknown, y: unknown): boolean {
  return JSON.stringify(x ?? null) === JSON.stringify(y ?? null);
}

/** Short text for one side of a change, for the page. */
export function showValue(value: unknown): string {
  if (value === null || value === undefined) return '∅';
  if (typeof value === 'string') return value === '' ? '""' : value;
  return JSON.stringify(value);
}
