import { Hono, type Context } from 'hono';
import { PriceList, PricingPage } from '../../../views/admin/packages/pricing.tsx';
import { removePrice } from '../../modules/catalog/remove-price.ts';
import { savePrice } from '../../modules/catalog/save-price.ts';
import { listCurrencyCodes } from '../../modules/settings/list-currency-codes.ts';
import { fields, isHtmx, readForm } from '../form.ts';
import { attempt, parseId, redirectAfterPost, type Errors } from '../respond.ts';
import type { Env } from '../types.ts';
import { packagePage } from './package-context.ts';

async function render(c: Context<Env>, failed?: { key: string; values: Record<string, unknown>; errors: Errors }, notice?: string) {
  const page = await packagePage(c);
  const currencies = await listCurrencyCodes(c.var.em);
  const status = failed ? 422 : 200;
  if (isHtmx(c)) return c.html(<PriceList {...page} currencies={currencies} failed={failed} notice={notice} />, status);
  return c.html(<PricingPage {...page} currencies={currencies} failed={failed} notice={notice} />, status);
}

async function afterWrite(
  c: Context<Env>,
  result: Awaited<ReturnType<typeof attempt>>,
  key: string,
  values: Record<string, unknown>,
  notice: string,
) {
  if (!result.ok) return render(c, { key, values, errors: result.errors });
  if (!isHtmx(c)) return redirectAfterPost(c, `/admin/packages/${c.req.param('id')}/pricing`);
  return render(c, undefined, notice);
}

export const pricingRoutes = new Hono<Env>()
  .get('/:id/pricing', (c) => render(c))
  .post('/:id/prices', async (c) => {
    const form = fields(await readForm(c));
    const result = await attempt(() => savePrice(c.var.em, parseId(c.req.param('id')), undefined, form));
    return afterWrite(c, result, 'new', form, 'Price added.');
  })
  .post('/:id/prices/:priceId', async (c) => {
    const form = fields(await readForm(c));
    const result = await attempt(() => savePrice(c.var.em, parseId(c.req.param('id')), parseId(c.req.param('priceId')), form));
    return afterWrite(c, result, c.req.param('priceId'), form, 'Price saved.');
  })
  .post('/:id/prices/:priceId/toggle', async (c) => {
    const id = parseId(c.req.param('id'));
    const priceId = parseId(c.req.param('priceId'));
    const page = await packagePage(c);
    const current = page.pkg.prices.find((p) => p.id === priceId);
    const result = await attempt(() => savePrice(c.var.em, id, priceId, { enabled: !(current?.enabled ?? true) }));
    return afterWrite(c, result, c.req.param('priceId'), {}, current?.enabled ? 'Price disabled.' : 'Price enabled.');
  })
  .post('/:id/prices/:priceId/delete', async (c) => {
    const result = await attempt(() => removePrice(c.var.em, parseId(c.req.param('id')), parseId(c.req.param('priceId'))));
    return afterWrite(c, result, c.req.param('priceId'), {}, 'Price removed.');
  });
