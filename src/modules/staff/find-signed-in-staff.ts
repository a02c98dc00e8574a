import type { EntityManager } from '@mikro-orm/postgresql';
import { Staff } from './staff.entities.ts';
import { findSession } from '../auth/find-session.ts';

/** The live session for a cookie token and, when it belongs to staff, who they are. */
export async function findSignedInStaff(em: EntityManager, token: string, now: Date) {
  const session = await findSession(em, token, now);
  if (!session) return null;
  const staff = session.principalType === 'staff' ? await em.findOne(Staff, { id: session.principalId }) : null;
  return { session, staff: staff ? { id: staff.id, email: staff.email, name: staff.name, role: staff.role } : null };
}
