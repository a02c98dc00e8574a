import type { EntityManager } from '@mikro-orm/postgresql';
import { Staff } from './staff.entities.ts';
import { createStaffInput } from './staff.schemas.ts';
import { hashPassword } from '../auth/password.ts';
import { DomainError } from '../shared/errors.ts';
import { parseInput } from '../shared/validation.ts';

export async function createStaff(em: EntityManager, raw: unknown) {
  const input = parseInput(createStaffInput, raw);
  if (await em.count(Staff, { email: input.email })) {
    throw new DomainError('A staff member with that email already exists.', 'email');
  }
  const staff = em.create(Staff, {
    email: input.email,
    name: input.name,
    role: input.role,
    passwordHash: await hashPassword(input.password),
  });
  await em.flush();
  return staff;
}
