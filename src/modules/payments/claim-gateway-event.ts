import type { EntityManager } from '@mikro-orm/postgresql';
import { db } from '../../db/database.ts';

/**
 * Records that a gateway's event is being handled, in the transaction that handles it: false
 * when it already was. NOTE: a second delivery racing the first waits on the unique index until
 * the first commits (then finds it) or rolls back (then handles it itself).
 */
export async function claimGatewayEvent(tx: EntityManager, gateway: string, reference: string, type: string): Promise<boolean> {
  const row = await db(tx)
    .insertInto('gateway_event')
    .values({ gateway, reference, type: type.slice(0, 80) })
    .onConflict((oc) => oc.columns(['gateway', 'reference']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}
