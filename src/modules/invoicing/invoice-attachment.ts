import type { EntityManager } from '@mikro-orm/postgresql';
import type { MailAttachment, RenderedAttachment } from '../mail/mail-attachments.ts';
import { renderCreditNotePdf } from './render-credit-note-pdf.ts';
import { renderInvoicePdf } from './render-invoice-pdf.ts';

/** The PDF an email asked for, rendered when the email is sent; null for kinds invoicing does not own. */
export async function invoiceAttachment(em: EntityManager, a: MailAttachment): Promise<RenderedAttachment | null> {
  const pdf =
    a.kind === 'invoice-pdf'
      ? await renderInvoicePdf(em, a.invoiceId)
      : a.kind === 'credit-note-pdf'
        ? await renderCreditNotePdf(em, a.creditNoteId)
        : null;
  return pdf && { filename: pdf.filename, contentType: 'application/pdf', content: pdf.content };
}
