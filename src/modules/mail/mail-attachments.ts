import type { EntityManager } from '@mikro-orm/postgresql';
import { z } from 'zod';
import { defineHook } from '../shared/hook.ts';

// An email's attachments are stored as what to attach, never as bytes: the mail job renders each
// one when it sends, from the rows it names. The modules that own those rows render them
// (src/modules/wiring.ts); this module knows only the description.

const id = z.number().int().positive();

/** Version 1 of what `mail_message.attachments` holds: parse it wherever it is read. */
export const mailAttachmentSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('invoice-pdf'), invoiceId: id }),
  z.object({ kind: z.literal('credit-note-pdf'), creditNoteId: id }),
]);
export type MailAttachment = z.infer<typeof mailAttachmentSchema>;
const attachmentList = z.array(mailAttachmentSchema);

export interface RenderedAttachment {
  filename: string;
  contentType: string;
  content: Buffer;
}

/** Each handler renders the kinds it owns and answers null for the others. */
export const attachmentNeeded = defineHook<MailAttachment, RenderedAttachment | null>('mail attachment needed');

/** The files of a stored email, rendered now; a kind nothing renders is an error (the mail is retried, never sent without it). */
export async function renderAttachments(em: EntityManager, stored: unknown): Promise<RenderedAttachment[]> {
  // Most emails have none: no parse to run per email.
  if (stored == null || (Array.isArray(stored) && stored.length === 0)) return [];
  const wanted = attachmentList.parse(stored);
  const files: RenderedAttachment[] = [];
  for (const a of wanted) {
    const file = (await attachmentNeeded.announce(em, a)).find((f) => f !== null);
    if (!file) throw new Error(`Nothing renders a "${a.kind}" attachment.`);
    files.push(file);
  }
  return files;
}
