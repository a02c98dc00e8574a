import { Hono } from 'hono';
import {
  createCurrency,
  createTaxRate,
  getCurrency,
  getTaxRate,
  listCurrencies,
  listTaxRates,
  updateCurrency,
  updateTaxRate,
} from '../../modules/settings/api-settings.ts';
import { getBillingSettings, saveBillingSettings } from '../../modules/settings/billing-settings.ts';
import { removeCurrency } from '../../modules/settings/save-currency.ts';
import { removeTaxRate } from '../../modules/settings/save-tax-rate.ts';
import type { Env } from '../types.ts';
import { jsonBody } from './json.ts';

const key = (value: string | undefined) => (value ?? '').slice(0, 10).toUpperCase();

/** Currencies, tax rates and billing settings, through the actions the admin settings forms use. */
export const settingsApi = new Hono<Env>()
  .get('/currencies', async (c) => c.json({ data: await listCurrencies(c.var.em) }))
  .post('/currencies', async (c) => c.json({ data: await createCurrency(c.var.em, await jsonBody(c)) }, 201))
  .get('/currencies/:code', async (c) => c.json({ data: await getCurrency(c.var.em, key(c.req.param('code'))) }))
  .patch('/currencies/:code', async (c) => c.json({ data: await updateCurrency(c.var.em, key(c.req.param('code')), await jsonBody(c)) }))
  .delete('/currencies/:code', async (c) => {
    await removeCurrency(c.var.em, key(c.req.param('code')));
    return c.body(null, 204);
  })
  .get('/tax-rates', async (c) => c.json({ data: await listTaxRates(c.var.em) }))
  .post('/tax-rates', async (c) => c.json({ data: await createTaxRate(c.var.em, await jsonBody(c)) }, 201))
  .get('/tax-rates/:country', async (c) => c.json({ data: await getTaxRate(c.var.em, key(c.req.param('country'))) }))
  .patch('/tax-rates/:country', async (c) =>
    c.json({ data: await updateTaxRate(c.var.em, key(c.req.param('country')), await jsonBody(c)) }),
  )
  .delete('/tax-rates/:country', async (c) => {
    await removeTaxRate(c.var.em, key(c.req.param('country')));
    return c.body(null, 204);
  })
  .get('/billing', async (c) => c.json({ data: await getBillingSettings(c.var.em, { fresh: true }) }))
  .patch('/billing', async (c) => c.json({ data: await saveBillingSettings(c.var.em, await jsonBody(c)) }));
