import type { EntityManager } from '@mikro-orm/postgresql';
import { Currency } from './settings.entities.ts';
import { DomainError } from '../shared/errors.ts';

export async function assertKnownCurrency(em: EntityManager, code: string, field = 'currency') {
  if (!(await em.count(Currency, { code }))) {
    throw new DomainError(`${code} is not one of the store's currencies; add it under Settings first.`, field);
  }
}
