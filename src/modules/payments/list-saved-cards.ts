import type { EntityManager } from '@mikro-orm/postgresql';
import { db } from '../../db/database.ts';

export interface SavedCardRow {
  id: number;
  brand: string;
  last4: string;
  expMonth: number;
  expYear: number;
  isDefault: boolean;
}

export async function listSavedCards(em: EntityManager, clientId: number): Promise<SavedCardRow[]> {
  const rows = await db(em)
    .selectFrom('saved_card')
    .select(['id', 'brand', 'last4', 'exp_month', 'exp_year', 'is_default'])
    .where('client_id', '=', clientId)
    .orderBy('is_default', 'desc')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    brand: r.brand,
    last4: r.last4,
    expMonth: r.exp_month,
    expYear: r.exp_year,
    isDefault: r.is_default,
  }));
}
