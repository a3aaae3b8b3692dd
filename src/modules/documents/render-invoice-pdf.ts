/** An issued invoice as a PDF: pure, from the data load-invoice-document.ts reads. */
import type { CustomerSnapshot, InvoiceKind, InvoiceStatus } from '../../db/schema.ts';
import { formatRate } from '../billing/line-tax.ts';
import { formatCalendarDate, formatPeriod } from './document-format.ts';
import { drawLetterhead, drawNote, drawParty, drawTable, drawTotals, startPdf, type Letterhead, type TotalRow } from './pdf-canvas.ts';
import { pdfMoney } from './pdf-text.ts';
import { taxTotalsByRate, type TaxedLine } from './tax-summary.ts';

export interface InvoiceDocumentLine extends TaxedLine {
  description: string;
  quantity: number;
  /** As priced: including tax when the line is tax-inclusive. */
  unitPriceMinor: number;
  amountMinor: number;
  periodStart: string | null;
  periodEnd: string | null;
}

export interface InvoiceDocument {
  letterhead: Letterhead;
  number: string;
  kind: InvoiceKind;
  status: InvoiceStatus;
  currency: string;
  issuedOn: string;
  dueOn: string;
  periodStart: string | null;
  periodEnd: string | null;
  /** The customer as they were when the invoice was issued. */
  customer: CustomerSnapshot;
  lines: InvoiceDocumentLine[];
  subtotalMinor: number;
  taxMinor: number;
  totalMinor: number;
  /** Payments and credits applied to it, net of reversals, each named by its document. */
  applied: { label: string; amountMinor: number }[];
  memo: string;
  void: { on: string; reason: string } | null;
}

export function customerLines(c: CustomerSnapshot): string[] {
  return [c.accountNumber ? `Account ${c.accountNumber}` : '', c.address, c.email, c.phone, c.taxId ? `Tax ID: ${c.taxId}` : ''];
}

function lineDescription(line: InvoiceDocumentLine, locale: string): string {
  return line.periodStart && line.periodEnd ? `${line.description}\n${formatPeriod(line.periodStart, line.periodEnd, locale)}` : line.description;
}

function taxLabel(line: InvoiceDocumentLine): string {
  if (line.taxName === null) return '-';
  return `${line.taxName} ${formatRate(line.taxRatePpm)}${line.taxInclusive ? ' incl.' : ''}`;
}

export async function renderInvoicePdf(d: InvoiceDocument): Promise<Buffer> {
  const { locale } = d.letterhead;
  const money = (minor: number) => pdfMoney(minor, d.currency, locale);
  const title = d.totalMinor < 0 ? 'CREDIT INVOICE' : 'INVOICE';
  const pdf = startPdf({ title: `${title} ${d.number}`, subject: `Invoice for ${d.customer.name}`, author: d.letterhead.company.name, createdOn: d.issuedOn });

  const facts: [string, string][] = [
    ['Invoice no.', d.number],
    ['Issued', formatCalendarDate(d.issuedOn, locale)],
    ['Due', formatCalendarDate(d.dueOn, locale)],
  ];
  if (d.periodStart && d.periodEnd) facts.push(['Period', formatPeriod(d.periodStart, d.periodEnd, locale)]);
  if (d.void) facts.push(['Status', 'VOID']);
  let y = drawLetterhead(pdf, d.letterhead, title, facts);
  y = drawParty(pdf, 'Bill to', d.customer.name, customerLines(d.customer), y);

  y = drawTable(
    pdf,
    [
      { header: 'Description', share: 0.42 },
      { header: 'Qty', share: 0.07, align: 'right' },
      { header: 'Unit price', share: 0.17, align: 'right' },
      { header: 'Tax', share: 0.16 },
      { header: 'Amount', share: 0.18, align: 'right' },
    ],
    d.lines.map((l) => [lineDescription(l, locale), String(l.quantity), money(l.unitPriceMinor), taxLabel(l), money(l.amountMinor)]),
    y,
  );

  const totals: TotalRow[] = [{ label: 'Subtotal (before tax)', value: money(d.subtotalMinor) }];
  for (const tax of taxTotalsByRate(d.lines)) {
    totals.push({ label: `${tax.name} ${formatRate(tax.ratePpm)}${tax.inclusive ? ' (included)' : ''} on ${money(tax.baseMinor)}`, value: money(tax.taxMinor) });
  }
  if (d.taxMinor !== 0 || d.lines.some((l) => l.taxName !== null)) totals.push({ label: 'Total tax', value: money(d.taxMinor) });
  totals.push({ label: 'Total', value: money(d.totalMinor), bold: true });
  if (!d.void && d.totalMinor > 0) {
    const paid = d.applied.reduce((sum, a) => sum + a.amountMinor, 0);
    for (const a of d.applied) totals.push({ label: a.label, value: money(-a.amountMinor) });
    totals.push({ label: 'Amount paid', value: money(paid) });
    totals.push({ label: 'Amount due', value: money(d.totalMinor - paid), bold: true });
  }
  y = drawTotals(pdf, totals, y);

  if (d.void) y = drawNote(pdf, `Void since ${formatCalendarDate(d.void.on, locale)}`, d.void.reason, y, { color: '#b42318' });
  if (d.memo.trim() !== '') drawNote(pdf, 'Note', d.memo, y);
  return pdf.finish({ stamp: d.void ? 'VOID' : undefined });
}
