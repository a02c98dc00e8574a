import type { EntityManager } from '@mikro-orm/postgresql';
import { sql } from 'kysely';
import { db } from '../../db/database.ts';
import { DomainError } from '../shared/errors.ts';
import { open, seal } from '../shared/secret-box.ts';
import { sha256 } from '../shared/tokens.ts';
import { newRecoveryCodes, normaliseCode, totpStep } from './rules/two-factor.ts';

/** The stored form of recovery codes: their hashes, as a JSON array. */
const hashed = (codes: string[]) => sql<string[]>`${JSON.stringify(codes.map(sha256))}::jsonb`;

/**
 * Turns on two-factor sign-in with the secret the enrolment page showed (sealed in its form), once
 * a code from the app proves the app has it. Returns the recovery codes, shown this once.
 */
export async function enableTwoFactor(
  em: EntityManager,
  staffId: number,
  input: { secret: unknown; code: unknown },
  opts: { now: Date; appSecret: string },
): Promise<string[]> {
  let secret: string;
  try {
    secret = open(typeof input.secret === 'string' ? input.secret : '', opts.appSecret);
  } catch {
    throw new DomainError('This page has expired. Start again.', 'code');
  }
  const code = normaliseCode(input.code);
  if (!code) throw new DomainError('Enter the 6-digit code your app shows.', 'code');
  const step = totpStep(secret, code, opts.now);
  if (step === null)
    throw new DomainError(
      'That code is not right. Scan the code again, check the time on your phone, and enter the code it shows now.',
      'code',
    );
  const codes = newRecoveryCodes();
  const done = await db(em)
    .updateTable('staff')
    .set({
      totp_secret: seal(secret, opts.appSecret),
      totp_last_step: step,
      recovery_codes: hashed(codes),
    })
    .where('id', '=', staffId)
    .where('totp_secret', 'is', null)
    .returning('id')
    .executeTakeFirst();
  if (!done) throw new DomainError('Two-factor sign-in is already on for your account.', 'code');
  return codes;
}

/** New recovery codes for a member with two-factor sign-in on; the old ones stop working. */
export async function renewRecoveryCodes(em: EntityManager, staffId: number): Promise<string[]> {
  const codes = newRecoveryCodes();
  const done = await db(em)
    .updateTable('staff')
    .set({ recovery_codes: hashed(codes) })
    .where('id', '=', staffId)
    .where('totp_secret', 'is not', null)
    .returning('id')
    .executeTakeFirst();
  if (!done) throw new DomainError('Turn on two-factor sign-in first.', 'code');
  return codes;
}
