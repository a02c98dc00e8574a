import type { EntityManager } from '@mikro-orm/postgresql';
import { z } from 'zod';
import { db } from '../../db/database.ts';
import { text } from '../shared/fields.ts';
import { parseInput } from '../shared/validation.ts';
import { documentFormatProblem } from './rules/document-number.ts';

const input = z.object({
  creditNoteFormat: text('a format such as CN-{YYYY}-{0000}', 60).superRefine((v, ctx) => {
    const problem = documentFormatProblem(v);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  }),
});

/**
 * Staff set how credit notes are numbered (the `credit_note_format` setting).
 * NOTE: the counter belongs to the series and year, not to the format: a new prefix goes on
 * from the next number, so notes already issued never share a number with later ones.
 */
export async function saveCreditNoteFormat(em: EntityManager, raw: unknown): Promise<string> {
  const { creditNoteFormat } = parseInput(input, raw);
  await db(em)
    .insertInto('setting')
    .values({ key: 'credit_note_format', value: JSON.stringify(creditNoteFormat) })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify(creditNoteFormat) }))
    .execute();
  return creditNoteFormat;
}
