import type { EntityManager } from '@mikro-orm/postgresql';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { Staff } from './staff.entities.ts';
import { createStaffInput } from './staff.schemas.ts';
import { hashPassword } from '../auth/password.ts';
import { DomainError } from '../shared/errors.ts';
import { parseInput } from '../shared/validation.ts';

export const STAFF_EMAIL_TAKEN = 'A staff member with that email already exists.';

/**
 * Flushes a new member. NOTE: one email added twice at once (a double click) passes the check
 * before both: the unique index decides, and the later one gets the sentence by the field.
 */
export async function flushNewStaff(em: EntityManager): Promise<void> {
  try {
    await em.flush();
  } catch (err) {
    if (err instanceof UniqueConstraintViolationException) throw new DomainError(STAFF_EMAIL_TAKEN, 'email');
    throw err;
  }
}

export async function createStaff(em: EntityManager, raw: unknown) {
  const input = parseInput(createStaffInput, raw);
  if (await em.count(Staff, { email: input.email })) throw new DomainError(STAFF_EMAIL_TAKEN, 'email');
  const staff = em.create(Staff, {
    email: input.email,
    name: input.name,
    role: input.role,
    passwordHash: await hashPassword(input.password),
  });
  await flushNewStaff(em);
  return staff;
}
