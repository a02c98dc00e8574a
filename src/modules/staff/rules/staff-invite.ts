import { escapeHtml } from '../../shared/escape-html.ts';

// An invitation to the admin: a one-use link, valid a week, that lets the invited person choose
// their password. Only the token's SHA-256 is stored; the link carries the token itself.

export const INVITE_LIFETIME_MS = 7 * 86_400_000;

export function inviteLink(baseUrl: string, token: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/admin/invite?token=${encodeURIComponent(token)}`;
}

/** Why an invitation can no longer be used, as a sentence for the page; null when it still works. */
export function inviteProblem(invite: { usedAt?: Date | null; expiresAt: Date } | null | undefined, now: Date): string | null {
  if (!invite) return 'That link is not valid. Ask an owner for a new invitation.';
  if (invite.usedAt) return 'That invitation has already been used. Sign in with the password you chose.';
  if (invite.expiresAt.getTime() <= now.getTime()) return 'That invitation has expired. Ask an owner for a new one.';
  return null;
}

export function renderInviteEmail(input: { name: string; invitedBy: string; seller: string; link: string }) {
  const hello = input.name.trim() ? `Hello ${input.name.trim()},` : 'Hello,';
  const intro = `${input.invitedBy} has invited you to the ${input.seller} admin.`;
  const button = 'Choose your password';
  const validity = 'The link works once, for 7 days.';
  const html =
    [hello, intro].map((p) => `<p>${escapeHtml(p)}</p>`).join('\n') +
    `\n<p><a href="${escapeHtml(input.link)}">${escapeHtml(button)}</a></p>\n<p>${escapeHtml(validity)}</p>`;
  const text = [hello, '', intro, '', `${button}:`, input.link, '', validity, ''].join('\n');
  return { subject: `You are invited to the ${input.seller} admin`, html, text };
}
