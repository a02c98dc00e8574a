import type { EntityManager } from '@mikro-orm/postgresql';
import { db } from '../../../db/database.ts';
import { NotFound } from '../../shared/errors.ts';
import type { Stripe } from './client.ts';

/**
 * The client's Stripe customer, made on first use. NOTE: the create call carries an
 * idempotency key per client, so two tabs starting at once get one customer; the row insert
 * then keeps the first and the other reads it.
 */
export async function stripeCustomerFor(em: EntityManager, stripe: Stripe, clientId: number): Promise<string> {
  const q = db(em);
  const known = await q
    .selectFrom('gateway_customer')
    .select('reference')
    .where('client_id', '=', clientId)
    .where('gateway', '=', 'stripe')
    .executeTakeFirst();
  if (known) return known.reference;
  const client = await q.selectFrom('client').select(['email', 'name']).where('id', '=', clientId).executeTakeFirst();
  if (!client) throw new NotFound('That client');
  const customer = await stripe.customers.create(
    { email: client.email, name: client.name, metadata: { client_id: String(clientId) } },
    { idempotencyKey: `customer-${clientId}` },
  );
  await q
    .insertInto('gateway_customer')
    .values({ client_id: clientId, gateway: 'stripe', reference: customer.id })
    .onConflict((oc) => oc.columns(['client_id', 'gateway']).doNothing())
    .execute();
  const row = await q
    .selectFrom('gateway_customer')
    .select('reference')
    .where('client_id', '=', clientId)
    .where('gateway', '=', 'stripe')
    .executeTakeFirstOrThrow();
  return row.reference;
}
