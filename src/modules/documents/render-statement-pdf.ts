/** A customer's statement of account as a PDF: opening balance, entries with the running balance, closing balance. */
import { formatCalendarDate } from './document-format.ts';
import { drawLetterhead, drawParty, drawTable, drawTotals, startPdf, type Letterhead } from './pdf-canvas.ts';
import { pdfMoney } from './pdf-text.ts';
import type { Statement } from './get-statement.ts';

export async function renderStatementPdf(letterhead: Letterhead, s: Statement): Promise<Buffer> {
  const { locale } = letterhead;
  const money = (minor: number) => pdfMoney(minor, s.currency, locale);
  const c = s.customer;
  const pdf = startPdf({ title: `STATEMENT OF ACCOUNT ${c.accountNumber} ${s.from} to ${s.to}`, subject: `Statement for ${c.name}`, author: letterhead.company.name, createdOn: s.to });
  let y = drawLetterhead(pdf, letterhead, 'STATEMENT OF ACCOUNT', [
    ['Account', c.accountNumber],
    ['From', formatCalendarDate(s.from, locale)],
    ['To', formatCalendarDate(s.to, locale)],
  ]);
  y = drawParty(pdf, 'Customer', c.name, [c.address, c.email ?? '', c.phone], y);

  const rows: string[][] = [[formatCalendarDate(s.from, locale), '', 'Opening balance', '', '', money(s.openingBalanceMinor)]];
  for (const e of s.entries) {
    rows.push([
      formatCalendarDate(e.effectiveOn, locale),
      e.documentNumber ?? '',
      e.description,
      e.amountMinor > 0 ? money(e.amountMinor) : '',
      e.amountMinor < 0 ? money(-e.amountMinor) : '',
      money(e.balanceMinor),
    ]);
  }
  rows.push([formatCalendarDate(s.to, locale), '', 'Closing balance', '', '', money(s.closingBalanceMinor)]);
  y = drawTable(
    pdf,
    [
      { header: 'Date', share: 0.14 },
      { header: 'Document', share: 0.15 },
      { header: 'Description', share: 0.27 },
      { header: 'Charges', share: 0.14, align: 'right' },
      { header: 'Credits', share: 0.14, align: 'right' },
      { header: 'Balance', share: 0.16, align: 'right' },
    ],
    rows,
    y,
    { boldRows: new Set([0, rows.length - 1]) },
  );
  const closing = s.closingBalanceMinor;
  drawTotals(pdf, [{ label: closing < 0 ? 'Credit on the account' : 'Balance due', value: money(Math.abs(closing)), bold: true }], y);
  return pdf.finish();
}
