/**
 * Outgoing e-mail. With SMTP_URL set, messages go out through nodemailer's SMTP transport.
 * Without it (development, tests), each message is written to the outbox folder as an .eml
 * file plus a .json summary, under a folder per tenant (DESIGN.md rule 7), and listed on the
 * development outbox page. Callers send after their transaction commits, so a rolled-back
 * change never e-mails anyone.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import nodemailer from 'nodemailer';

export interface OutgoingMail {
  /** The tenant the message belongs to; null for platform mail. */
  tenantId: string | null;
  to: string;
  subject: string;
  text: string;
}

export interface OutboxEntry extends OutgoingMail {
  id: string;
  createdAt: string;
}

export interface Mailer {
  readonly usesOutbox: boolean;
  send(mail: OutgoingMail): Promise<void>;
  /** Outbox messages of one tenant (or platform), newest first. Empty when SMTP is used. */
  listOutbox(tenantId: string | null): Promise<OutboxEntry[]>;
}

export function outboxFolder(dataDir: string, tenantId: string | null): string {
  return path.join(dataDir, 'outbox', tenantId ?? 'platform');
}

export function createMailer(options: { smtpUrl: string | undefined; from: string; dataDir: string }): Mailer {
  if (options.smtpUrl) {
    const transport = nodemailer.createTransport(options.smtpUrl);
    return {
      usesOutbox: false,
      async send(mail) {
        await transport.sendMail({ from: options.from, to: mail.to, subject: mail.subject, text: mail.text });
      },
      async listOutbox() {
        return [];
      },
    };
  }
  const builder = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  // Strictly increasing times, so two messages sent in the same millisecond still list in order.
  let lastMs = 0;
  const stamp = () => {
    lastMs = Math.max(Date.now(), lastMs + 1);
    return new Date(lastMs).toISOString();
  };
  return {
    usesOutbox: true,
    async send(mail) {
      const folder = outboxFolder(options.dataDir, mail.tenantId);
      await fs.mkdir(folder, { recursive: true });
      const entry: OutboxEntry = { ...mail, id: randomUUID(), createdAt: stamp() };
      const info = await builder.sendMail({ from: options.from, to: mail.to, subject: mail.subject, text: mail.text });
      const base = `${entry.createdAt.replace(/[:.]/g, '-')}-${entry.id}`;
      await fs.writeFile(path.join(folder, `${base}.eml`), info.message as Buffer);
      await fs.writeFile(path.join(folder, `${base}.json`), JSON.stringify(entry, null, 2));
    },
    async listOutbox(tenantId) {
      const folder = outboxFolder(options.dataDir, tenantId);
      let files: string[];
      try {
        files = await fs.readdir(folder);
      } catch {
        return [];
      }
      const entries = await Promise.all(
        files.filter((f) => f.endsWith('.json')).map(async (f) => JSON.parse(await fs.readFile(path.join(folder, f), 'utf8')) as OutboxEntry),
      );
      return entries.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
    },
  };
}
