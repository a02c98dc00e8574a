import type { EntityManager } from '@mikro-orm/postgresql';
import { db } from '../../db/database.ts';
import type { MailAttachment } from '../mail/mail-attachments.ts';

/** Invoice and credit note numbers by id, for pages that name documents they only hold ids of (a stored email's attachments). A draft invoice has none. */
export async function documentNumbers(
  em: EntityManager,
  ids: { invoiceIds: readonly number[]; creditNoteIds: readonly number[] },
): Promise<{ invoices: Map<number, string>; creditNotes: Map<number, string> }> {
  const q = db(em);
  const [invoices, creditNotes] = await Promise.all([
    ids.invoiceIds.length
      ? q
          .selectFrom('invoice')
          .select(['id', 'number'])
          .where('id', 'in', [...ids.invoiceIds])
          .where('number', 'is not', null)
          .execute()
      : [],
    ids.creditNoteIds.length
      ? q
          .selectFrom('credit_note')
          .select(['id', 'number'])
          .where('id', 'in', [...ids.creditNoteIds])
          .execute()
      : [],
  ]);
  return {
    invoices: new Map(invoices.map((r) => [r.id, r.number!])),
    creditNotes: new Map(creditNotes.map((r) => [r.id, r.number])),
  };
}

/** The numbers of the documents a stored email attaches (its PDFs), to name them on its page. */
export function attachmentNumbers(em: EntityManager, attachments: readonly MailAttachment[]) {
  return documentNumbers(em, {
    invoiceIds: attachments.flatMap((a) => (a.kind === 'invoice-pdf' ? [a.invoiceId] : [])),
    creditNoteIds: attachments.flatMap((a) => (a.kind === 'credit-note-pdf' ? [a.creditNoteId] : [])),
  });
}
