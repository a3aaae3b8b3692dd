/**
 * Reading query strings and urlencoded form bodies. Fastify gives a repeated parameter
 * (`?status=a&status=b`, or a tampered form) as an array and an absent one as undefined, so
 * pages read values through these instead of trusting the declared shape.
 */

/** A repeated query or form parameter arrives as an array: read its first value. */
export function firstText(value: unknown): string | undefined {
  const first: unknown = Array.isArray(value) ? value[0] : value;
  return typeof first === 'string' ? first : undefined;
}

/** Every non-empty value of a possibly repeated form parameter. */
export function allTexts(value: unknown): string[] {
  const list: unknown[] = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return list.filter((v): v is string => typeof v === 'string' && v !== '');
}
