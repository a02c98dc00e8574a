import type { EntityManager } from '@mikro-orm/postgresql';
import { db } from '../../db/database.ts';
import { DomainError } from '../shared/errors.ts';

/**
 * Refuses a currency the store does not have.
 * NOTE: read with a share lock, held to the caller's commit: a price saved in a currency while the
 * currency is removed either waits and is refused (it is gone), or is counted by the removal
 * (removeCurrency locks the row for update first), so no price is left in a removed currency.
 */
export async function assertKnownCurrency(em: EntityManager, code: string, field = 'currency') {
  const known = await db(em).selectFrom('currency').select('code').where('code', '=', code).forShare().executeTakeFirst();
  if (!known) throw new DomainError(`${code} is not one of the store's currencies; add it under Settings first.`, field);
}
