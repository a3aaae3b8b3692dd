/** A credit note as a PDF: the invoice it credits, why, and the amount with its tax. */
import type { CreditNoteKind, CustomerSnapshot } from '../../db/schema.ts';
import { formatCalendarDate } from './document-format.ts';
import { drawLetterhead, drawNote, drawParty, drawTable, drawTotals, startPdf, type Letterhead, type TotalRow } from './pdf-canvas.ts';
import { pdfMoney } from './pdf-text.ts';
import { customerLines } from './render-invoice-pdf.ts';

export interface CreditNoteDocument {
  letterhead: Letterhead;
  number: string;
  kind: CreditNoteKind;
  currency: string;
  issuedOn: string;
  /** The customer as they were when the credit note was issued. */
  customer: CustomerSnapshot;
  invoiceNumber: string;
  invoiceIssuedOn: string;
  reason: string;
  subtotalMinor: number;
  taxMinor: number;
  totalMinor: number;
  /** Where the credit went: invoices it paid (net of reversals) and refunds out of it. */
  applied: { label: string; amountMinor: number }[];
}

export async function renderCreditNotePdf(d: CreditNoteDocument): Promise<Buffer> {
  const { locale } = d.letterhead;
  const money = (minor: number) => pdfMoney(minor, d.currency, locale);
  const pdf = startPdf({ title: `CREDIT NOTE ${d.number}`, subject: `Credit for ${d.customer.name}`, author: d.letterhead.company.name, createdOn: d.issuedOn });
  let y = drawLetterhead(pdf, d.letterhead, 'CREDIT NOTE', [
    ['Credit note no.', d.number],
    ['Issued', formatCalendarDate(d.issuedOn, locale)],
    ['For invoice', d.invoiceNumber],
    ['Invoice date', formatCalendarDate(d.invoiceIssuedOn, locale)],
  ]);
  y = drawParty(pdf, 'Credit to', d.customer.name, customerLines(d.customer), y);
  const what = d.kind === 'cancellation' ? `Cancellation credit against invoice ${d.invoiceNumber}` : `Credit against invoice ${d.invoiceNumber}`;
  y = drawTable(
    pdf,
    [
      { header: 'Description', share: 0.75 },
      { header: 'Amount', share: 0.25, align: 'right' },
    ],
    [[what, money(d.subtotalMinor)]],
    y,
  );
  const totals: TotalRow[] = [
    { label: 'Subtotal (before tax)', value: money(d.subtotalMinor) },
    { label: 'Tax credited', value: money(d.taxMinor) },
    { label: 'Total credit', value: money(d.totalMinor), bold: true },
  ];
  for (const a of d.applied) totals.push({ label: a.label, value: money(a.amountMinor) });
  y = drawTotals(pdf, totals, y);
  drawNote(pdf, 'Reason', d.reason, y);
  return pdf.finish();
}
