import type { EntityManager } from '@mikro-orm/postgresql';
import { db } from '../../db/database.ts';
import { DEFAULT_CREDIT_NOTE_FORMAT, documentFormatProblem } from './rules/document-number.ts';

/** The `credit_note_format` setting; one that cannot number documents reads as the default. */
export async function creditNoteFormat(em: EntityManager): Promise<string> {
  const row = await db(em).selectFrom('setting').select('value').where('key', '=', 'credit_note_format').executeTakeFirst();
  const value = row?.value;
  return typeof value === 'string' && !documentFormatProblem(value) ? value : DEFAULT_CREDIT_NOTE_FORMAT;
}
