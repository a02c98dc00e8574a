import { Hono } from 'hono';
import { createAddonGroup } from '../../modules/catalog/create-addon-group.ts';
import { deleteAddonGroup } from '../../modules/catalog/delete-addon-group.ts';
import { listAddonGroups } from '../../modules/catalog/list-addon-groups.ts';
import { moveAddonGroup } from '../../modules/catalog/move-addon-group.ts';
import { updateAddonGroup } from '../../modules/catalog/update-addon-group.ts';
import { DomainError, NotFound } from '../../modules/shared/errors.ts';
import type { Env } from '../types.ts';
import { jsonBody, pathId } from './json.ts';

async function one(c: { var: Env['Variables'] }, id: number) {
  const [found] = await listAddonGroups(c.var.em, [id]);
  if (!found) throw new NotFound('That add-on group');
  return found;
}

export const addonGroupApi = new Hono<Env>()
  .get('/', async (c) => c.json({ data: await listAddonGroups(c.var.em) }))
  .post('/', async (c) => {
    const group = await createAddonGroup(c.var.em, await jsonBody(c));
    return c.json({ data: await one(c, group.id) }, 201);
  })
  .get('/:id', async (c) => c.json({ data: await one(c, pathId(c.req.param('id'))) }))
  .patch('/:id', async (c) => {
    const id = pathId(c.req.param('id'));
    await updateAddonGroup(c.var.em, id, await jsonBody(c));
    return c.json({ data: await one(c, id) });
  })
  .post('/:id/move', async (c) => {
    const id = pathId(c.req.param('id'));
    const { direction } = await jsonBody(c);
    if (direction !== 'up' && direction !== 'down') throw new DomainError('Choose up or down.', 'direction');
    await moveAddonGroup(c.var.em, id, direction);
    return c.json({ data: await listAddonGroups(c.var.em) });
  })
  .delete('/:id', async (c) => {
    await deleteAddonGroup(c.var.em, pathId(c.req.param('id')));
    return c.body(null, 204);
  });
