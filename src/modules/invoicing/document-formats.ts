import type { EntityManager } from '@mikro-orm/postgresql';
import { cached } from '../../db/cache.ts';
import { db } from '../../db/database.ts';
import { DEFAULT_FORMATS, documentFormatProblem, type DocumentSeries } from './rules/document-number.ts';

const KEYS: Record<DocumentSeries, string> = { invoice: 'invoice_format', credit_note: 'credit_note_format' };

export type DocumentFormats = Record<DocumentSeries, string>;

/** How each series is numbered (the `invoice_format` and `credit_note_format` settings); one that cannot number documents reads as the default. */
export async function documentFormats(em: EntityManager): Promise<DocumentFormats> {
  const rows = await db(em).selectFrom('setting').select(['key', 'value']).where('key', 'in', Object.values(KEYS)).execute();
  const stored = (series: DocumentSeries) => {
    const value = rows.find((r) => r.key === KEYS[series])?.value;
    return typeof value === 'string' && !documentFormatProblem(value) ? value : DEFAULT_FORMATS[series];
  };
  return { invoice: stored('invoice'), credit_note: stored('credit_note') };
}

export async function documentFormat(em: EntityManager, series: DocumentSeries): Promise<string> {
  return (await documentFormats(em))[series];
}

/** The formats through the cache, for a hot path that reads them before its transaction (checkout). */
export function cachedDocumentFormats(em: EntityManager): Promise<DocumentFormats> {
  return cached(em, 'document-formats', ['setting'], () => documentFormats(em));
}

/** Stores the formats in one statement. */
export async function storeDocumentFormats(em: EntityManager, formats: DocumentFormats): Promise<void> {
  await db(em)
    .insertInto('setting')
    .values((Object.keys(KEYS) as DocumentSeries[]).map((series) => ({ key: KEYS[series], value: JSON.stringify(formats[series]) })))
    .onConflict((oc) => oc.column('key').doUpdateSet((eb) => ({ value: eb.ref('excluded.value') })))
    .execute();
}
