/**
 * Text as pdfkit's built-in fonts can print it. The standard 14 fonts (Helvetica here) are
 * encoded in WinAnsi, and pdfkit writes any other character as a garbled code, so text is
 * brought into WinAnsi first: accents outside it are dropped ("ą" -> "a"), and what has no
 * Latin form (CJK, ₱) becomes "?". Embedding a Unicode font would lift this, at the cost of
 * shipping one; the issue asks for names and numbers, which these fonts cover for the
 * Latin-script markets Lastmile serves.
 */
import { formatMoney } from '../../lib/money.ts';

/** Characters beyond Latin-1 that WinAnsi still has (pdfkit's WIN_ANSI_MAP). */
const WIN_ANSI_EXTRA = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');

function encodable(ch: string): boolean {
  const code = ch.codePointAt(0) ?? 0;
  return (code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff) || WIN_ANSI_EXTRA.has(ch);
}

/** Spaces and signs Intl uses that have a WinAnsi twin. */
const TWINS: Record<string, string> = { '\u202f': '\u00a0', '\u2009': ' ', '\u2007': ' ', '\u2212': '-', '\u200e': '', '\u200f': '', '\t': ' ' };

/** Latin letters that have no decomposition to strip an accent from. */
const BARE_LETTERS: Record<string, string> = { Ł: 'L', ł: 'l', Đ: 'D', đ: 'd', Ħ: 'H', ħ: 'h', ı: 'i', Ŧ: 'T', ŧ: 't' };

/** The character as WinAnsi can print it, or undefined when it has no such form. */
function printable(ch: string): string | undefined {
  const twin = TWINS[ch];
  if (twin !== undefined) return twin;
  if (encodable(ch) || ch === '\n' || ch === '\r') return ch;
  const bare = BARE_LETTERS[ch] ?? ch.normalize('NFKD').replace(/\p{M}/gu, '');
  return bare.length > 0 && [...bare].every(encodable) ? bare : undefined;
}

export function toWinAnsi(text: string): string {
  let out = '';
  for (const ch of text) out += printable(ch) ?? '?';
  return out;
}

/**
 * formatMoney in the document's currency and the tenant's locale, for print. A symbol the
 * fonts lack (₱, ₦, ₹) is replaced by the ISO code, so "₱1,499.50" prints "PHP 1,499.50"
 * rather than "?1,499.50".
 */
export function pdfMoney(minor: number, currency: string, locale: string): string {
  const formatted = formatMoney(minor, currency, locale);
  let out = '';
  for (const ch of formatted) {
    const p = printable(ch);
    if (p !== undefined) out += p;
    else if (!out.endsWith(currency)) out += currency;
  }
  // "PHP1,499.50" -> "PHP 1,499.50", "1,499.50PHP" -> "1,499.50 PHP".
  return out.replace(new RegExp(`${currency}(?=[\\d.,])`), `${currency} `).replace(new RegExp(`(?<=\\d)${currency}`), ` ${currency}`);
}
