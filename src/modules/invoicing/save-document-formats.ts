import type { EntityManager } from '@mikro-orm/postgresql';
import { z } from 'zod';
import { text } from '../shared/fields.ts';
import { parseInput } from '../shared/validation.ts';
import { storeDocumentFormats, type DocumentFormats } from './document-formats.ts';
import { documentFormatProblem, MAX_FORMAT_LENGTH } from './rules/document-number.ts';

const format = (example: string) =>
  text(`a format such as ${example}`, MAX_FORMAT_LENGTH).superRefine((v, ctx) => {
    const problem = documentFormatProblem(v);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

export const documentFormatsInput = z
  .object({ invoiceFormat: format('INV-{YYYY}-{0000}'), creditNoteFormat: format('CN-{YYYY}-{0000}') })
  .superRefine((v, ctx) => {
    // Two series printing the same numbers would make "INV-2026-0001" name two documents.
    if (v.invoiceFormat === v.creditNoteFormat)
      ctx.addIssue({
        code: 'custom',
        path: ['creditNoteFormat'],
        message: 'Credit notes need a format of their own (another prefix), so no two documents share a number.',
      });
  });

/**
 * Staff set how invoices and credit notes are numbered.
 * NOTE: the counter belongs to the series and year, not to the format: a new prefix goes on
 * from the next number, so documents already issued never share a number with later ones.
 * Partial input (the API) keeps the other format.
 */
export async function saveDocumentFormats(
  em: EntityManager,
  raw: Record<string, unknown>,
  current: DocumentFormats,
): Promise<DocumentFormats> {
  const input = parseInput(documentFormatsInput, { invoiceFormat: current.invoice, creditNoteFormat: current.credit_note, ...raw });
  const formats = { invoice: input.invoiceFormat, credit_note: input.creditNoteFormat };
  await storeDocumentFormats(em, formats);
  return formats;
}
