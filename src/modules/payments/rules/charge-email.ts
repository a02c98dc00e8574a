import { escapeHtml } from '../../shared/escape-html.ts';

// The email a client gets when an automatic card charge needs them: the bank asked them to
// authenticate it, or declined it. Plain and short, HTML and the same words as text.

export function renderChargeEmail(kind: 'authentication_required' | 'declined', input: { name: string; invoiceId: number; amount: string; link: string; card: string; finalAttempt: boolean }) {
  const name = input.name.trim() || 'there';
  const subject = kind === 'authentication_required' ? `Please confirm the payment of invoice #${input.invoiceId}` : `We could not charge your card for invoice #${input.invoiceId}`;
  const lines =
    kind === 'authentication_required'
      ? [`Your bank asked you to confirm the payment of ${input.amount} for invoice #${input.invoiceId} with your ${input.card}.`, 'Open the invoice and pay it by card: your bank will ask you to confirm it there.']
      : [
          `Your bank declined the payment of ${input.amount} for invoice #${input.invoiceId} with your ${input.card}.`,
          input.finalAttempt ? 'We will not try the card again: please pay the invoice yourself to keep your services running.' : 'We will try again in a few days; you can also pay the invoice now, with another card if you like.',
        ];
  const button = 'Open the invoice';
  const html = [`<p>Hello ${escapeHtml(name)},</p>`, ...lines.map((l) => `<p>${escapeHtml(l)}</p>`), `<p><a href="${escapeHtml(input.link)}">${button}</a></p>`].join('\n');
  const text = [`Hello ${name},`, '', ...lines.flatMap((l) => [l, '']), `${button}:`, input.link, ''].join('\n');
  return { subject, html, text };
}
