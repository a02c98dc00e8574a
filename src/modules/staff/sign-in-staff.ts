import type { EntityManager } from '@mikro-orm/postgresql';
import { Staff } from './staff.entities.ts';
import { checkCredentials } from '../auth/check-credentials.ts';
import { startSession } from '../auth/start-session.ts';

export async function signInStaff(
  em: EntityManager,
  input: { email: string; password: string },
  now: Date,
  previousToken?: string,
) {
  const email = input.email.trim().toLowerCase();
  const staff = await em.findOne(Staff, { email });
  await checkCredentials(em, `staff:${email}`, input.password, staff?.passwordHash, now);
  const session = await startSession(em, { type: 'staff', id: staff!.id }, now, previousToken);
  return { staff: staff!, ...session };
}
