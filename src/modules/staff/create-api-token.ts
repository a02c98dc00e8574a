import type { EntityManager } from '@mikro-orm/postgresql';
import { ApiToken, Staff } from './staff.entities.ts';
import { NotFound } from '../shared/errors.ts';
import { randomToken, sha256 } from '../shared/tokens.ts';

const TOKEN_PREFIX = 'hb_';

/** Returns the token once; only its hash is kept. */
export async function createApiToken(em: EntityManager, email: string, name = '') {
  const staff = await em.findOne(Staff, { email: email.trim().toLowerCase() });
  if (!staff) throw new NotFound('A staff member with that email');
  const token = `${TOKEN_PREFIX}${randomToken(32)}`;
  em.create(ApiToken, { staff, name: name.slice(0, 120), tokenHash: sha256(token), prefix: token.slice(0, 10) });
  await em.flush();
  return token;
}
