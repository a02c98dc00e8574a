import type { EntityManager } from '@mikro-orm/postgresql';
import { db } from '../../db/database.ts';
import { DomainError } from '../shared/errors.ts';

// The seller's logo, printed at the top of every invoice and credit note. Kept in the database
// (the `company_logo` setting), not on disk: PDFs are rendered by web and worker processes alike,
// on any machine. NOTE: documents print the logo as it is now; the legal details they copy when
// issued are the seller details, not the artwork.

const KEY = 'company_logo';
export const LOGO_MAX_BYTES = 256 * 1024;
const MAGIC = { png: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], jpg: [0xff, 0xd8, 0xff] } as const;
export type LogoType = keyof typeof MAGIC;
export const LOGO_MIME: Record<LogoType, string> = { png: 'image/png', jpg: 'image/jpeg' };

/** PNG or JPEG by its first bytes (what a PDF can embed); null for anything else. */
export function sniffLogo(bytes: Uint8Array): LogoType | null {
  for (const [type, magic] of Object.entries(MAGIC) as [LogoType, readonly number[]][])
    if (magic.every((b, i) => bytes[i] === b)) return type;
  return null;
}

export async function getSellerLogo(em: EntityManager): Promise<{ type: LogoType; bytes: Buffer } | null> {
  const row = await db(em).selectFrom('setting').select('value').where('key', '=', KEY).executeTakeFirst();
  const v = row?.value as { type?: unknown; data?: unknown } | undefined;
  if (!v || (v.type !== 'png' && v.type !== 'jpg') || typeof v.data !== 'string') return null;
  return { type: v.type, bytes: Buffer.from(v.data, 'base64') };
}

/** Stores a new logo (checked by its bytes), or removes it with `null`. */
export async function saveSellerLogo(em: EntityManager, bytes: Uint8Array | null): Promise<void> {
  const q = db(em);
  if (bytes === null) {
    await q.deleteFrom('setting').where('key', '=', KEY).execute();
    return;
  }
  if (bytes.length === 0) throw new DomainError('Choose an image file.', 'logo');
  if (bytes.length > LOGO_MAX_BYTES) throw new DomainError(`The logo must be at most ${LOGO_MAX_BYTES / 1024} KB.`, 'logo');
  const type = sniffLogo(bytes);
  if (!type) throw new DomainError('The logo must be a PNG or JPEG image.', 'logo');
  const value = JSON.stringify({ type, data: Buffer.from(bytes).toString('base64') });
  await q
    .insertInto('setting')
    .values({ key: KEY, value })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
    .execute();
}
