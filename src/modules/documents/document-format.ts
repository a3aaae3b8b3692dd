/** How billing documents print dates, periods and tax rates. */
import { addDays } from '../billing/billing-calendar.ts';

/** A calendar date (YYYY-MM-DD) in the tenant's locale: "Nov 27, 2026", "27.11.2026". */
export function formatCalendarDate(date: string, locale: string): string {
  const [y, m, d] = date.split('-').map(Number);
  const instant = new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1));
  try {
    return new Intl.DateTimeFormat(locale, { timeZone: 'UTC', dateStyle: 'medium' }).format(instant);
  } catch {
    return date;
  }
}

/**
 * A billing period as people read it. Periods are stored half-open [start, end); printed,
 * they name the last day they cover, so [Nov 1, Dec 1) reads "Nov 1, 2026 - Nov 30, 2026".
 */
export function formatPeriod(start: string, end: string, locale: string): string {
  return `${formatCalendarDate(start, locale)} - ${formatCalendarDate(addDays(end, -1), locale)}`;
}

/** Ready-to-print instant: what the PDF's metadata says it was created on (the document date). */
export function documentInstant(date: string): Date {
  return new Date(`${date}T00:00:00Z`);
}

/** A document number as a safe download name: "INV/2026/7" -> "INV-2026-7.pdf". */
export function pdfFileName(name: string): string {
  const safe = name.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '');
  return `${safe || 'document'}.pdf`;
}
