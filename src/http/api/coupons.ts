import { Hono } from 'hono';
import { loadCoupons } from '../../modules/coupons/load-coupons.ts';
import { deleteCoupon } from '../../modules/coupons/delete-coupon.ts';
import { saveCoupon } from '../../modules/coupons/save-coupon.ts';
import { NotFound } from '../../modules/shared/errors.ts';
import type { Env } from '../types.ts';
import { jsonBody, pathId } from './json.ts';

async function one(c: { var: Env['Variables'] }, id: number) {
  const [found] = await loadCoupons(c.var.em, { ids: [id] });
  if (!found) throw new NotFound('That coupon');
  return found;
}

/** Coupons for staff integrations: the same checks as the admin form, refusals keyed by field. */
export const couponApi = new Hono<Env>()
  .get('/', async (c) => c.json({ data: await loadCoupons(c.var.em, 'all') }))
  .post('/', async (c) => {
    const { id } = await saveCoupon(c.var.em, undefined, await jsonBody(c));
    return c.json({ data: await one(c, id) }, 201);
  })
  .get('/:id', async (c) => c.json({ data: await one(c, pathId(c.req.param('id'))) }))
  .patch('/:id', async (c) => {
    const id = pathId(c.req.param('id'));
    await saveCoupon(c.var.em, id, await jsonBody(c));
    return c.json({ data: await one(c, id) });
  })
  .delete('/:id', async (c) => {
    await deleteCoupon(c.var.em, pathId(c.req.param('id')));
    return c.body(null, 204);
  });
