/**
 * Amounts typed by people ("1,499.50") to integer minor units and back, exactly: the text is
 * split into digits, never passed through a float. DESIGN.md "Money and time".
 */
import { currencyExponent } from './currencies.ts';

const AMOUNT = /^(\d{1,16})(?:\.(\d*))?$/;

/**
 * Parses a non-negative amount in major units for a currency ("1499.5" PHP -> 149950).
 * Thousands separators (",", "_", spaces) are ignored. Returns undefined when the text is
 * not an amount or has more decimals than the currency allows (1.234 PHP is refused, not
 * rounded: a price is typed, not computed).
 */
export function parseMajorAmount(text: string, currency: string): number | undefined {
  const exponent = currencyExponent(currency);
  const cleaned = text.trim().replace(/[,_\s]/g, '');
  const m = AMOUNT.exec(cleaned);
  if (!m) return undefined;
  const fraction = (m[2] ?? '').replace(/0+$/, '');
  if (fraction.length > exponent) return undefined;
  const minor = BigInt(m[1] ?? '0') * 10n ** BigInt(exponent) + BigInt(fraction.padEnd(exponent, '0') || '0');
  if (minor > BigInt(Number.MAX_SAFE_INTEGER)) return undefined;
  return Number(minor);
}

/** Minor units as plain major-unit text with the currency's decimals: 149950 PHP -> "1499.50". */
export function minorToMajorText(minor: number, currency: string): string {
  const exponent = currencyExponent(currency);
  const negative = minor < 0;
  const digits = String(Math.abs(minor)).padStart(exponent + 1, '0');
  const whole = exponent === 0 ? digits : digits.slice(0, -exponent);
  const fraction = exponent === 0 ? '' : `.${digits.slice(-exponent)}`;
  return `${negative ? '-' : ''}${whole}${fraction}`;
}

/** For people: "₱1,499.50", "KSh 2,000.00", "¥500", in the tenant's locale. */
export function formatMoney(minor: number, currency: string, locale = 'en'): string {
  const exponent = currencyExponent(currency);
  const text = minorToMajorText(minor, currency);
  try {
    // Intl accepts a decimal string exactly (no float rounding) from Node 20.
    return new Intl.NumberFormat(locale, { style: 'currency', currency, minimumFractionDigits: exponent, maximumFractionDigits: exponent }).format(
      text as unknown as number,
    );
  } catch {
    return `${currency} ${text}`;
  }
}
