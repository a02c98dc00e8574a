import type { EntityManager } from '@mikro-orm/postgresql';
import { PasswordToken } from './clients.entities.ts';
import { tokenProblem, type TokenPurpose } from './rules/password-token.ts';
import { DomainError } from '../shared/errors.ts';
import { sha256 } from '../shared/tokens.ts';

/** Whether a link's token still works, before the form is shown: its purpose, or why not. */
export async function checkPasswordToken(em: EntityManager, token: string, now: Date): Promise<{ purpose: TokenPurpose }> {
  const row = token && token.length <= 100 ? await em.findOne(PasswordToken, { tokenHash: sha256(token) }) : null;
  const problem = tokenProblem(row, now);
  if (problem || !row) throw new DomainError(problem ?? '', 'token');
  return { purpose: row.purpose };
}
