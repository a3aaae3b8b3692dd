/**
 * The pieces every billing PDF is built from: the letterhead (logo, company, title and the
 * document's facts), a party block, a table that continues on the next page, totals, notes,
 * and the page footer and VOID stamp. Only pdfkit's built-in Helvetica is used, so nothing
 * is read from disk or the network; every string goes through toWinAnsi (see pdf-text.ts).
 *
 * Output is deterministic: the PDF's creation date (and the file id pdfkit derives from the
 * metadata) is the document's own date, never the clock, so the same document renders to
 * the same bytes.
 */
import PDFDocument from 'pdfkit';
import type { CompanyDetails } from '../billing/billing-settings.ts';
import { documentInstant } from './document-format.ts';
import { toWinAnsi } from './pdf-text.ts';

/** Who issues the document, as printed at the top of every one. */
export interface Letterhead {
  company: CompanyDetails;
  /** PNG or JPEG bytes; any other type is left out (pdfkit reads only those two). */
  logo: { bytes: Buffer; contentType: string } | null;
  locale: string;
}

export type Doc = PDFKit.PDFDocument;

const MARGIN = 48;
const FOOTER_SPACE = 28;
const REGULAR = 'Helvetica';
const BOLD = 'Helvetica-Bold';
const INK = '#101828';
const MUTED = '#667085';
const RULE = '#d0d5dd';

export interface Pdf {
  doc: Doc;
  /** Content box: left edge and width. */
  left: number;
  width: number;
  /** Draws footers (and the stamp) on every page and returns the file. */
  finish(options?: { stamp?: string | undefined }): Promise<Buffer>;
}

export function startPdf(meta: { title: string; subject: string; author: string; createdOn: string }): Pdf {
  const createdAt = documentInstant(meta.createdOn);
  const doc = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    bufferPages: true,
    font: REGULAR,
    info: { Title: toWinAnsi(meta.title), Subject: toWinAnsi(meta.subject), Author: toWinAnsi(meta.author), Creator: 'Lastmile', CreationDate: createdAt, ModDate: createdAt },
  });
  const chunks: Buffer[] = [];
  const ended = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.fillColor(INK);
  const width = doc.page.width - 2 * MARGIN;
  return {
    doc,
    left: MARGIN,
    width,
    finish(options = {}) {
      const range = doc.bufferedPageRange();
      for (let i = range.start; i < range.start + range.count; i++) {
        doc.switchToPage(i);
        if (options.stamp) drawStamp(doc, options.stamp);
        drawFooter(doc, `${meta.author} · ${meta.title} · Page ${i - range.start + 1} of ${range.count}`);
      }
      doc.end();
      return ended;
    },
  };
}

/** Writes text (made printable) with the current font; returns the y below it. */
export function write(doc: Doc, text: string, x: number, y: number, options: PDFKit.Mixins.TextOptions = {}): number {
  doc.text(toWinAnsi(text), x, y, options);
  return doc.y;
}

function font(doc: Doc, bold: boolean, size: number, color = INK): Doc {
  return doc.font(bold ? BOLD : REGULAR).fontSize(size).fillColor(color);
}

export function rule(doc: Doc, left: number, width: number, y: number): void {
  doc.save().moveTo(left, y).lineTo(left + width, y).lineWidth(0.6).strokeColor(RULE).stroke().restore();
}

function drawLogo(doc: Doc, logo: Letterhead['logo'], x: number, y: number): number {
  if (!logo || (logo.contentType !== 'image/png' && logo.contentType !== 'image/jpeg')) return y;
  try {
    doc.image(logo.bytes, x, y, { fit: [160, 56] });
    return y + 64;
  } catch {
    // A logo pdfkit cannot read (a PNG variant it does not support) must not stop the invoice.
    return y;
  }
}

/**
 * The top of the first page: logo and company on the left; the title and the document's
 * facts (number, dates) on the right. Returns the y where the body starts.
 */
export function drawLetterhead(pdf: Pdf, letterhead: Letterhead, title: string, facts: readonly (readonly [string, string])[]): number {
  const { doc, left, width } = pdf;
  const top = MARGIN;
  const leftWidth = width * 0.5;
  let y = drawLogo(doc, letterhead.logo, left, top);
  const c = letterhead.company;
  font(doc, true, 13);
  y = write(doc, c.name, left, y, { width: leftWidth });
  font(doc, false, 9, MUTED);
  const contact = [c.phone, c.email].filter((s) => s.trim() !== '').join(' · ');
  for (const line of [c.address, c.taxId ? `Tax ID: ${c.taxId}` : '', contact]) {
    if (line.trim() !== '') y = write(doc, line, left, y + 1, { width: leftWidth });
  }

  const rightX = left + leftWidth + 12;
  const rightWidth = width - leftWidth - 12;
  // The title stays on one line: long ones ("ACKNOWLEDGMENT RECEIPT") get a smaller size.
  let size = 17;
  while (size > 10 && font(doc, true, size).widthOfString(toWinAnsi(title)) > rightWidth) size -= 1;
  let ry = write(doc, title, rightX, top, { width: rightWidth, align: 'right' }) + 6;
  for (const [label, value] of facts) {
    font(doc, false, 9, MUTED);
    const labelY = write(doc, label, rightX, ry, { width: rightWidth * 0.4 - 4 });
    font(doc, true, 9);
    ry = Math.max(labelY, write(doc, value, rightX + rightWidth * 0.4, ry, { width: rightWidth * 0.6, align: 'right' })) + 2;
  }
  const bottom = Math.max(y, ry) + 12;
  rule(doc, left, width, bottom);
  return bottom + 12;
}

/** A labelled block of lines (the customer a document is for). Returns the y below it. */
export function drawParty(pdf: Pdf, heading: string, name: string, lines: readonly string[], y: number): number {
  const { doc, left, width } = pdf;
  font(doc, true, 8, MUTED);
  let at = write(doc, heading.toUpperCase(), left, y, { width, characterSpacing: 0.5 });
  font(doc, true, 11);
  at = write(doc, name, left, at + 2, { width: width * 0.6 });
  font(doc, false, 9);
  for (const line of lines) if (line.trim() !== '') at = write(doc, line, left, at + 1, { width: width * 0.6 });
  return at + 14;
}

export interface Column {
  header: string;
  /** Share of the content width. */
  share: number;
  align?: 'left' | 'right';
}

/**
 * A table whose rows wrap inside their cells and which continues on a new page (with its
 * header again) when the page is full. Returns the y below the last row.
 */
export function drawTable(pdf: Pdf, columns: readonly Column[], rows: readonly (readonly string[])[], y: number, options: { boldRows?: ReadonlySet<number> } = {}): number {
  const { doc, left, width } = pdf;
  const widths = columns.map((c) => c.share * width);
  const xs = widths.map((_, i) => left + widths.slice(0, i).reduce((a, b) => a + b, 0));
  const pad = 4;
  const cell = (text: string, i: number, at: number) => {
    const c = columns[i];
    write(doc, text, (xs[i] ?? left) + pad, at, { width: (widths[i] ?? 0) - 2 * pad, align: c?.align ?? 'left' });
  };
  const header = (at: number): number => {
    font(doc, true, 8, MUTED);
    columns.forEach((c, i) => cell(c.header.toUpperCase(), i, at));
    const below = at + 14;
    rule(doc, left, width, below);
    return below + 5;
  };
  let at = header(y);
  rows.forEach((row, r) => {
    font(doc, options.boldRows?.has(r) ?? false, 9);
    const height = Math.max(...row.map((text, i) => doc.heightOfString(toWinAnsi(text), { width: (widths[i] ?? 0) - 2 * pad })));
    if (at + height > doc.page.height - MARGIN - FOOTER_SPACE) {
      doc.addPage();
      at = header(MARGIN);
      font(doc, options.boldRows?.has(r) ?? false, 9);
    }
    row.forEach((text, i) => cell(text, i, at));
    at += height + 5;
    rule(doc, left, width, at - 2);
  });
  return at + 6;
}

export interface TotalRow {
  label: string;
  value: string;
  bold?: boolean;
}

/** Label and amount pairs, right-aligned under a table. */
export function drawTotals(pdf: Pdf, rows: readonly TotalRow[], y: number): number {
  const { doc, left, width } = pdf;
  const boxWidth = Math.min(300, width);
  const x = left + width - boxWidth;
  let at = ensureRoom(pdf, y, rows.length * 16);
  for (const row of rows) {
    font(doc, row.bold ?? false, row.bold ? 11 : 9, row.bold ? INK : MUTED);
    const labelY = write(doc, row.label, x, at, { width: boxWidth * 0.55 });
    font(doc, row.bold ?? false, row.bold ? 11 : 9);
    at = Math.max(labelY, write(doc, row.value, x + boxWidth * 0.55, at, { width: boxWidth * 0.45, align: 'right' })) + 4;
  }
  return at + 8;
}

/** A heading and a paragraph (memo, void reason, credit note reason). */
export function drawNote(pdf: Pdf, heading: string, text: string, y: number, options: { color?: string } = {}): number {
  const { doc, left, width } = pdf;
  let at = ensureRoom(pdf, y, 40);
  font(doc, true, 8, options.color ?? MUTED);
  at = write(doc, heading.toUpperCase(), left, at, { width, characterSpacing: 0.5 });
  font(doc, false, 9, options.color ?? INK);
  return write(doc, text, left, at + 2, { width }) + 12;
}

/** Moves to a new page when fewer than `needed` points are left. */
function ensureRoom(pdf: Pdf, y: number, needed: number): number {
  if (y + needed <= pdf.doc.page.height - MARGIN - FOOTER_SPACE) return y;
  pdf.doc.addPage();
  return MARGIN;
}

function drawFooter(doc: Doc, text: string): void {
  // Text below the bottom margin would make pdfkit open a new page; lift the margin while writing.
  const bottom = doc.page.margins.bottom;
  doc.page.margins.bottom = 0;
  font(doc, false, 7, MUTED);
  write(doc, text, MARGIN, doc.page.height - MARGIN + 8, { width: doc.page.width - 2 * MARGIN, align: 'center', lineBreak: false });
  doc.page.margins.bottom = bottom;
}

/** A large, faint diagonal word across the page (VOID). */
function drawStamp(doc: Doc, word: string): void {
  const cx = doc.page.width / 2;
  const cy = doc.page.height / 2;
  const bottom = doc.page.margins.bottom;
  doc.page.margins.bottom = 0;
  doc.save();
  doc.rotate(-35, { origin: [cx, cy] });
  font(doc, true, 110, '#d92d20');
  doc.fillOpacity(0.18);
  write(doc, word, cx - 250, cy - 60, { width: 500, align: 'center', lineBreak: false });
  doc.restore();
  doc.page.margins.bottom = bottom;
}
