import type { EntityManager } from '@mikro-orm/postgresql';
import { cacheOf } from '../../db/cache.ts';
import { db } from '../../db/database.ts';
import { Session } from '../auth/auth.entities.ts';
import { DomainError, NotFound } from '../shared/errors.ts';
import { sha256 } from '../shared/tokens.ts';
import { parseInput } from '../shared/validation.ts';
import { ApiToken, Staff } from './staff.entities.ts';
import { updateStaffInput } from './staff.schemas.ts';

// What an owner does to another staff member's account. Every change keeps at least one owner
// who can sign in: without one, nobody could manage staff or settings again.

async function memberOrFail(em: EntityManager, id: number) {
  const staff = await em.findOne(Staff, { id });
  if (!staff) throw new NotFound('That staff member');
  return staff;
}

/**
 * Whether another enabled owner remains when `id` stops being one.
 * NOTE: the owners are locked first, so two owners demoting each other at once cannot both pass.
 */
async function assertAnotherOwner(tx: EntityManager, id: number, field: string) {
  const owners = await db(tx)
    .selectFrom('staff')
    .select('id')
    .where('role', '=', 'owner')
    .where('disabled_at', 'is', null)
    .orderBy('id')
    .forUpdate()
    .execute();
  if (!owners.some((o) => o.id !== id))
    throw new DomainError('Keep at least one owner who can sign in: make someone else an owner first.', field);
}

export async function updateStaff(em: EntityManager, id: number, raw: unknown) {
  const input = parseInput(updateStaffInput, raw);
  return em.transactional(async (tx) => {
    const staff = await memberOrFail(tx, id);
    if (staff.role === 'owner' && input.role !== 'owner' && !staff.disabledAt) await assertAnotherOwner(tx, id, 'role');
    staff.name = input.name;
    staff.role = input.role;
    await tx.flush();
    return staff;
  });
}

/** Disabling ends their sessions at once; their API tokens are refused while it lasts. */
export async function setStaffDisabled(em: EntityManager, id: number, disabled: boolean, opts: { now: Date; by: number }) {
  if (disabled && id === opts.by) throw new DomainError('You cannot disable your own account.', 'disable');
  await em.transactional(async (tx) => {
    const staff = await memberOrFail(tx, id);
    if (disabled && staff.role === 'owner' && !staff.disabledAt) await assertAnotherOwner(tx, id, 'disable');
    staff.disabledAt = disabled ? (staff.disabledAt ?? opts.now) : null;
    await tx.flush();
    if (disabled) await tx.nativeDelete(Session, { principalType: 'staff', principalId: id });
  });
  cacheOf(em)?.changed('session');
}

/** Signs a member out everywhere, or everywhere but the browser holding `keepToken`. */
export async function endStaffSessions(em: EntityManager, id: number, keepToken?: string | null): Promise<number> {
  await memberOrFail(em, id);
  const ended = await em.nativeDelete(Session, {
    principalType: 'staff',
    principalId: id,
    ...(keepToken ? { id: { $ne: sha256(keepToken) } } : {}),
  });
  cacheOf(em)?.changed('session');
  return ended;
}

/** Revokes one API token of a member; it stops working in every process at once. */
export async function revokeApiToken(em: EntityManager, staffId: number, tokenId: number): Promise<void> {
  const removed = await em.nativeDelete(ApiToken, { id: tokenId, staff: staffId });
  if (!removed) throw new NotFound('That token');
  cacheOf(em)?.changed('api_token');
}
