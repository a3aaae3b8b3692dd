/**
 * A plain object's own entry for a key that came from outside (a query string): indexing
 * directly would find inherited members such as `constructor` or `__proto__`.
 */
export function ownValue<T>(record: Readonly<Record<string, T>>, key: string | undefined): T | undefined {
  return key !== undefined && Object.hasOwn(record, key) ? record[key] : undefined;
}
