/**
 * Exact division with the project's one rounding rule: half away from zero, to the minor
 * unit (DESIGN.md "Money and time"). Everything goes through BigInt so that a product like
 * price x days never passes through a float.
 */

/** round(numerator / denominator), halves away from zero. Denominator must be positive. */
export function divideRounded(numerator: bigint, denominator: bigint): bigint {
  if (denominator <= 0n) throw new Error('divideRounded needs a positive denominator');
  const negative = numerator < 0n;
  const n = negative ? -numerator : numerator;
  const q = (2n * n + denominator) / (2n * denominator);
  return negative ? -q : q;
}

/** round(amount * numerator / denominator) for safe-integer inputs, as a number. */
export function scaleRounded(amountMinor: number, numerator: number, denominator: number): number {
  const result = divideRounded(BigInt(amountMinor) * BigInt(numerator), BigInt(denominator));
  const asNumber = Number(result);
  if (!Number.isSafeInteger(asNumber)) throw new Error('amount out of range');
  return asNumber;
}
