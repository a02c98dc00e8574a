import type { EntityManager } from '@mikro-orm/postgresql';
import { db } from '../../db/database.ts';
import { queueMail } from '../mail/queue-mail.ts';
import { escapeHtml } from '../shared/escape-html.ts';
import type { PaymentDisputed } from './payment-disputed.ts';

const WORDS = {
  opened: 'was disputed by the cardholder',
  won: 'dispute was won: the money is back',
  lost: 'dispute was lost: the bank kept the money',
} as const;

/** Owners and admins get an email for each change of a dispute (once per dispute and outcome). */
export async function tellStaffOfDispute(tx: EntityManager, e: PaymentDisputed): Promise<void> {
  const q = db(tx);
  const staff = await q.selectFrom('staff').select('email').where('role', 'in', ['owner', 'admin']).orderBy('id').execute();
  const link = `${e.publicUrl}/admin/invoices/${e.invoiceId}`;
  const line = `The payment of invoice #${e.invoiceId} ${WORDS[e.outcome]}.`;
  const action =
    e.outcome === 'opened'
      ? e.suspend
        ? 'Its services are suspended until the dispute is won.'
        : 'Its services keep running.'
      : e.outcome === 'won'
        ? 'Services suspended for it are back.'
        : 'Its services stay as they are: decide what to do with them.';
  for (const s of staff) {
    await queueMail(tx, {
      to: s.email,
      kind: 'dispute',
      subject: `Dispute on invoice #${e.invoiceId}: ${e.outcome}`,
      html: `<p>${escapeHtml(line)}</p><p>${escapeHtml(action)}</p><p><a href="${escapeHtml(link)}">Open the invoice</a></p>`,
      text: `${line}\n\n${action}\n\nOpen the invoice: ${link}\n`,
      dedupeKey: `dispute:${e.disputeId}:${e.outcome}:${s.email}`,
    });
  }
}
