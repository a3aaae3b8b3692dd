/**
 * An official or acknowledgment receipt as a PDF: everything printed comes from what the
 * receipt stored when it was issued (receipts.content), never from today's data.
 */
import type { ReceiptContent, ReceiptKind } from '../../db/schema.ts';
import { PAYMENT_METHODS } from '../billing/payment-methods.ts';
import { formatCalendarDate, formatPeriod } from './document-format.ts';
import { drawLetterhead, drawNote, drawParty, drawTable, drawTotals, startPdf, type Letterhead, type TotalRow } from './pdf-canvas.ts';
import { pdfMoney } from './pdf-text.ts';
import { customerLines } from './render-invoice-pdf.ts';

export interface ReceiptDocument {
  letterhead: Letterhead;
  number: string;
  kind: ReceiptKind;
  currency: string;
  amountMinor: number;
  issuedOn: string;
  content: ReceiptContent;
  void: { on: string; reason: string } | null;
}

export const RECEIPT_TITLES: Record<ReceiptKind, string> = { official: 'OFFICIAL RECEIPT', acknowledgment: 'ACKNOWLEDGMENT RECEIPT' };

export async function renderReceiptPdf(d: ReceiptDocument): Promise<Buffer> {
  const { locale } = d.letterhead;
  const money = (minor: number) => pdfMoney(minor, d.currency, locale);
  const c = d.content;
  const title = RECEIPT_TITLES[d.kind];
  const pdf = startPdf({ title: `${title} ${d.number}`, subject: `Payment from ${c.customer.name}`, author: d.letterhead.company.name, createdOn: d.issuedOn });

  const facts: [string, string][] = [
    ['Receipt no.', d.number],
    ['Issued', formatCalendarDate(d.issuedOn, locale)],
    ['Payment received', formatCalendarDate(c.receivedOn, locale)],
  ];
  if (d.void) facts.push(['Status', 'VOID']);
  let y = drawLetterhead(pdf, d.letterhead, title, facts);
  y = drawParty(pdf, 'Received from', c.customer.name, customerLines(c.customer), y);

  const details: TotalRow[] = [
    { label: 'Amount received', value: money(d.amountMinor), bold: true },
    { label: 'Method', value: PAYMENT_METHODS[c.method] },
  ];
  if (c.reference) details.push({ label: 'Reference', value: c.reference });
  if (c.collectedBy) details.push({ label: 'Received by', value: c.collectedBy });
  y = drawTotals(pdf, details, y);

  if (c.applied.length > 0) {
    y = drawTable(
      pdf,
      [
        { header: 'Applied to invoice', share: 0.7 },
        { header: 'Amount', share: 0.3, align: 'right' },
      ],
      c.applied.map((a) => [a.invoiceNumber, money(a.amountMinor)]),
      y,
    );
  }
  const summary: TotalRow[] = [];
  if (c.applied.length > 0) summary.push({ label: 'Applied to invoices', value: money(c.applied.reduce((s, a) => s + a.amountMinor, 0)) });
  if (c.creditMinor > 0) summary.push({ label: 'Kept as credit on the account', value: money(c.creditMinor) });
  if (summary.length > 0) y = drawTotals(pdf, summary, y);
  if (c.prepaid) y = drawNote(pdf, 'Service time paid', `${c.prepaid.serviceLabel}: ${formatPeriod(c.prepaid.from, c.prepaid.until, locale)}`, y);
  if (d.void) drawNote(pdf, `Void since ${formatCalendarDate(d.void.on, locale)}`, d.void.reason, y, { color: '#b42318' });
  return pdf.finish({ stamp: d.void ? 'VOID' : undefined });
}
