/** Sending a rendered document as a download, the same way from the API and the pages. */
import type { FastifyReply } from 'fastify';
import { Type } from '@sinclair/typebox';
import { pdfFileName } from './document-format.ts';

/** OpenAPI response for a PDF download (the body is sent as bytes, never serialised). */
export const PdfResponse = {
  description: 'The document as a PDF download, named after its number',
  content: { 'application/pdf': { schema: Type.String({ format: 'binary' }) } },
};

export function sendPdf(reply: FastifyReply, name: string, pdf: Buffer): FastifyReply {
  return reply
    .type('application/pdf')
    .header('content-disposition', `attachment; filename="${pdfFileName(name)}"`)
    // Documents carry personal data: never kept by shared caches.
    .header('cache-control', 'private, no-store')
    .send(pdf);
}

/** The download name of a statement: account number and range. */
export function statementFileName(s: { customer: { accountNumber: string }; from: string; to: string }): string {
  return `statement-${s.customer.accountNumber}-${s.from}-${s.to}`;
}
