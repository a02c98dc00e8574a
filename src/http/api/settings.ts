import { Hono } from 'hono';
import type { EntityManager } from '@mikro-orm/postgresql';
import { currencies, taxRates, type KeyedResource } from '../../modules/settings/api-settings.ts';
import { getBillingSettings, saveBillingSettings } from '../../modules/settings/billing-settings.ts';
import { removeCurrency } from '../../modules/settings/save-currency.ts';
import { removeTaxRate } from '../../modules/settings/save-tax-rate.ts';
import type { Env } from '../types.ts';
import { jsonBody } from './json.ts';

const key = (value: string | undefined) => (value ?? '').slice(0, 10).toUpperCase();

/** List, create, get, change and remove for a settings row named by a key in the path (`/:code`, `/:country`). */
function keyedRoutes(resource: KeyedResource, param: string, remove: (em: EntityManager, key: string) => Promise<void>) {
  const one = `/:${param}`;
  return new Hono<Env>()
    .get('/', async (c) => c.json({ data: await resource.list(c.var.em) }))
    .post('/', async (c) => c.json({ data: await resource.create(c.var.em, await jsonBody(c)) }, 201))
    .get(one, async (c) => c.json({ data: await resource.get(c.var.em, key(c.req.param(param))) }))
    .patch(one, async (c) => c.json({ data: await resource.update(c.var.em, key(c.req.param(param)), await jsonBody(c)) }))
    .delete(one, async (c) => {
      await remove(c.var.em, key(c.req.param(param)));
      return c.body(null, 204);
    });
}

/** Currencies, tax rates and billing settings, through the actions the admin settings forms use. */
export const settingsApi = new Hono<Env>()
  .route('/currencies', keyedRoutes(currencies, 'code', removeCurrency))
  .route('/tax-rates', keyedRoutes(taxRates, 'country', removeTaxRate))
  .get('/billing', async (c) => c.json({ data: await getBillingSettings(c.var.em, { fresh: true }) }))
  .patch('/billing', async (c) => c.json({ data: await saveBillingSettings(c.var.em, await jsonBody(c)) }));
