import type { EntityManager } from '@mikro-orm/postgresql';
import { db } from '../../db/database.ts';
import { lockClientCards } from './lock-client-cards.ts';
import { NotFound } from '../shared/errors.ts';
import type { GatewayEnv } from './gateway.ts';
import { loadGatewayConfig } from './load-gateways.ts';
import { stripeFor } from './stripe/client.ts';
import { gatewayTrouble } from './stripe/gateway-trouble.ts';

/**
 * A client removes a saved card: detached at Stripe first (so it can never be charged again),
 * then forgotten here; the oldest remaining card becomes the default if this one was.
 */
export async function removeCard(em: EntityManager, clientId: number, cardId: number, env: GatewayEnv, appSecret: string): Promise<void> {
  const q = db(em);
  const card = await q
    .selectFrom('saved_card')
    .select(['id', 'gateway', 'reference'])
    .where('id', '=', cardId)
    .where('client_id', '=', clientId)
    .executeTakeFirst();
  if (!card) throw new NotFound('That card');
  const config = await loadGatewayConfig(em, card.gateway, appSecret);
  if (config?.settings.secret_key) {
    await gatewayTrouble(async () => {
      const stripe = await stripeFor(config.settings, env);
      try {
        await stripe.paymentMethods.detach(card.reference);
      } catch (err) {
        // NOTE: already detached (removed in Stripe's dashboard, or a second click) is what we want.
        if ((err as { code?: string }).code !== 'resource_missing' && (err as { statusCode?: number }).statusCode !== 400) throw err;
      }
    });
  }
  await em.transactional(async (tx) => {
    const t = db(tx);
    await lockClientCards(tx, clientId);
    const gone = await t.deleteFrom('saved_card').where('id', '=', cardId).returning('is_default').executeTakeFirst();
    if (!gone?.is_default) return;
    const next = await t.selectFrom('saved_card').select('id').where('client_id', '=', clientId).orderBy('id').limit(1).executeTakeFirst();
    if (next) await t.updateTable('saved_card').set({ is_default: true }).where('id', '=', next.id).execute();
  });
}
