/**
 * The e-mails with one-time links. Sent by the route AFTER the transaction that issued the
 * token has committed, so a rolled-back invitation never reaches anyone.
 */
import type { Mailer } from '../mail/mailer.ts';

export interface PendingInvitation {
  tenantId: string;
  tenantName: string;
  to: string;
  name: string;
  invitedBy: string;
  /** `<tenant id>.<secret>` for the link. */
  token: string;
}

export async function sendInvitation(mailer: Mailer, publicUrl: string, invitation: PendingInvitation): Promise<void> {
  const link = `${publicUrl}/invite/accept?token=${encodeURIComponent(invitation.token)}`;
  await mailer.send({
    tenantId: invitation.tenantId,
    to: invitation.to,
    subject: `You are invited to ${invitation.tenantName} on Lastmile`,
    text: [
      `Hello ${invitation.name},`,
      '',
      `${invitation.invitedBy} invited you to join ${invitation.tenantName} on Lastmile.`,
      'Open this link to choose your password and sign in (it works once, for 7 days):',
      '',
      link,
      '',
      'If you did not expect this, ignore this e-mail.',
    ].join('\n'),
  });
}
