/**
 * Test support: the text a pdfkit PDF shows, one line per text run, so tests can assert what
 * a document prints. pdfkit writes each run as hex strings in a TJ array inside deflated
 * content streams; this inflates the streams and decodes the hex (WinAnsi).
 */
import { inflateSync } from 'node:zlib';

/** WinAnsi bytes 0x80-0x9f that are not Latin-1. */
const WIN_ANSI_HIGH: Record<number, string> = { 0x80: '€', 0x85: '…', 0x91: '‘', 0x92: '’', 0x93: '“', 0x94: '”', 0x95: '•', 0x96: '–', 0x97: '—' };

function decodeHex(hex: string): string {
  let out = '';
  for (let i = 0; i + 1 < hex.length; i += 2) {
    const byte = parseInt(hex.slice(i, i + 2), 16);
    out += WIN_ANSI_HIGH[byte] ?? String.fromCharCode(byte);
  }
  return out;
}

function contentStreams(pdf: Buffer): string[] {
  const text = pdf.toString('latin1');
  const streams: string[] = [];
  const marker = /stream\r?\n/g;
  let m: RegExpExecArray | null;
  while ((m = marker.exec(text)) !== null) {
    const start = m.index + m[0].length;
    const end = text.indexOf('endstream', start);
    if (end < 0) break;
    const dict = text.slice(Math.max(0, text.lastIndexOf('<<', m.index)), m.index);
    const raw = pdf.subarray(start, end);
    try {
      streams.push(dict.includes('/FlateDecode') ? inflateSync(raw).toString('latin1') : raw.toString('latin1'));
    } catch {
      // An image or font stream that is not text: skip it.
    }
    marker.lastIndex = end + 'endstream'.length;
  }
  return streams;
}

/** Every text run of the PDF, in drawing order. */
export function pdfTextLines(pdf: Buffer): string[] {
  const lines: string[] = [];
  for (const stream of contentStreams(pdf)) {
    for (const run of stream.matchAll(/\[((?:<[0-9a-fA-F]*>|[\s\d.-])*)\]\s*TJ/g)) {
      lines.push([...(run[1] ?? '').matchAll(/<([0-9a-fA-F]*)>/g)].map((h) => decodeHex(h[1] ?? '')).join(''));
    }
  }
  return lines;
}

/** All the text of a PDF as one string, runs separated by newlines. */
export function pdfText(pdf: Buffer): string {
  return pdfTextLines(pdf).join('\n');
}
