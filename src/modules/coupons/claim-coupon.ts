import type { EntityManager } from '@mikro-orm/postgresql';
import { sql } from 'kysely';
import { db } from '../../db/database.ts';
import { DomainError } from '../shared/errors.ts';
import { countClientUses } from './count-client-uses.ts';
import { COUPON_FIELD, type AppliedCoupon } from './find-usable-coupon.ts';

/**
 * Takes one use of the coupon for an order (or a package change), inside its transaction, after
 * the client's row is locked (placeOrder and confirmServiceChange lock it first).
 * NOTE (last use): one conditional update raises the count only while a use is left, and holds
 * the coupon's row until the order commits or rolls back, so racing orders queue on it and the
 * last use goes to exactly one of them. NOTE (per client): the client's uses are counted under
 * the client's lock, so two orders of one client cannot both take the last of their share.
 */
export async function claimCoupon(
  tx: EntityManager,
  coupon: AppliedCoupon,
  use: { clientId: number } & ({ orderId: number } | { serviceChangeId: number }),
  now: Date,
): Promise<void> {
  const orderId = 'orderId' in use ? use.orderId : null;
  const serviceChangeId = 'serviceChangeId' in use ? use.serviceChangeId : null;
  if (coupon.maxUsesPerClient !== null && (await countClientUses(tx, coupon.id, use.clientId)) >= coupon.maxUsesPerClient) {
    throw new DomainError(
      coupon.maxUsesPerClient === 1
        ? 'You have already used that code.'
        : `You have already used that code ${coupon.maxUsesPerClient} times.`,
      COUPON_FIELD,
    );
  }
  // NOTE: raw SQL: the conditional update feeds the use row through a CTE, one round trip while
  // the package locks are held.
  const taken = await sql<{ id: number }>`
    with taken as (
      update coupon set uses = uses + 1
       where id = ${coupon.id} and active and (max_uses is null or uses < max_uses)
       returning id)
    insert into coupon_use (coupon_id, client_id, order_id, service_change_id, status, created_at)
    select id, ${use.clientId}, ${orderId}::int, ${serviceChangeId}::int, 'live', ${now} from taken
    returning id`.execute(db(tx));
  if (!taken.rows.length) throw new DomainError('That code has just been used up.', COUPON_FIELD);
}
