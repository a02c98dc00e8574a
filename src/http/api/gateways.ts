import { Hono, type Context } from 'hono';
import { gatewayEnv } from '../../config.ts';
import { listGateways } from '../../modules/payments/list-gateways.ts';
import { moveGateway } from '../../modules/payments/move-gateway.ts';
import { saveGatewaySettings } from '../../modules/payments/save-gateway-settings.ts';
import { testGatewayConnection } from '../../modules/payments/test-gateway-connection.ts';
import { DomainError, NotFound } from '../../modules/shared/errors.ts';
import type { Env } from '../types.ts';
import { jsonBody } from './json.ts';

const all = (c: Context<Env>) => listGateways(c.var.em, gatewayEnv(c.var.deps.config), c.var.deps.config.APP_SECRET);

async function one(c: Context<Env>, key: string) {
  const found = (await all(c)).find((g) => g.key === key);
  if (!found) throw new NotFound('That payment gateway');
  return found;
}

/** Payment gateways as staff configure them; secrets are never sent back (only which are stored). */
export const gatewayApi = new Hono<Env>()
  .get('/', async (c) => c.json({ data: await all(c) }))
  .get('/:key', async (c) => c.json({ data: await one(c, c.req.param('key')) }))
  .put('/:key', async (c) => {
    const key = c.req.param('key');
    await one(c, key);
    await saveGatewaySettings(c.var.em, key, await jsonBody(c), c.var.deps.config.APP_SECRET);
    c.var.em.clear();
    return c.json({ data: await one(c, key) });
  })
  .post('/:key/move', async (c) => {
    const { direction } = await jsonBody(c);
    if (direction !== 'up' && direction !== 'down') throw new DomainError('Say "up" or "down".', 'direction');
    await moveGateway(c.var.em, c.req.param('key'), direction);
    return c.json({ data: (await all(c)).map((g) => g.key) });
  })
  .post('/:key/test', async (c) =>
    c.json({
      data: await testGatewayConnection(c.var.em, c.req.param('key'), gatewayEnv(c.var.deps.config), c.var.deps.config.APP_SECRET),
    }),
  );
