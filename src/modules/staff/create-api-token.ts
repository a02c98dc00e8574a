import type { EntityManager } from '@mikro-orm/postgresql';
import { ApiToken, Staff } from './staff.entities.ts';
import { DomainError, NotFound } from '../shared/errors.ts';
import { randomToken, sha256 } from '../shared/tokens.ts';

const TOKEN_PREFIX = 'hb_';

/** Returns the token once; only its hash is kept. */
export async function createApiToken(em: EntityManager, email: string, name = '') {
  const staff = await em.findOne(Staff, { email: email.trim().toLowerCase() });
  if (!staff) throw new NotFound('A staff member with that email');
  return issueToken(em, staff.id, name.slice(0, 120));
}

/** A member's own new token, named so they can tell it from the others later. */
export async function createStaffApiToken(em: EntityManager, staffId: number, rawName: unknown) {
  const name = typeof rawName === 'string' ? rawName.trim() : '';
  if (!name) throw new DomainError('Name the token after where it will be used, e.g. "Accounting export".', 'name');
  if (name.length > 120) throw new DomainError('Use at most 120 characters.', 'name');
  return issueToken(em, staffId, name);
}

async function issueToken(em: EntityManager, staffId: number, name: string) {
  const token = `${TOKEN_PREFIX}${randomToken(32)}`;
  em.create(ApiToken, { staff: staffId, name, tokenHash: sha256(token), prefix: token.slice(0, 10) });
  await em.flush();
  return token;
}
