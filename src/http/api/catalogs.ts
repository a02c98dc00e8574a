import { Hono } from 'hono';
import { createCatalog } from '../../modules/catalog/create-catalog.ts';
import { deleteCatalog } from '../../modules/catalog/delete-catalog.ts';
import { listCatalogs } from '../../modules/catalog/list-catalogs.ts';
import { updateCatalog } from '../../modules/catalog/update-catalog.ts';
import { moveCatalog } from '../../modules/catalog/move-catalog.ts';
import { DomainError, NotFound } from '../../modules/shared/errors.ts';
import type { Env } from '../types.ts';
import { jsonBody, pathId } from './json.ts';

async function one(c: { var: Env['Variables'] }, id: number) {
  const found = (await listCatalogs(c.var.em)).find((x) => x.id === id);
  if (!found) throw new NotFound('That catalog');
  return found;
}

export const catalogApi = new Hono<Env>()
  .get('/', async (c) => c.json({ data: await listCatalogs(c.var.em) }))
  .post('/', async (c) => {
    const catalog = await createCatalog(c.var.em, await jsonBody(c));
    return c.json({ data: await one(c, catalog.id) }, 201);
  })
  .get('/:id', async (c) => c.json({ data: await one(c, pathId(c.req.param('id'))) }))
  .patch('/:id', async (c) => {
    const id = pathId(c.req.param('id'));
    await updateCatalog(c.var.em, id, await jsonBody(c));
    return c.json({ data: await one(c, id) });
  })
  .post('/:id/move', async (c) => {
    const id = pathId(c.req.param('id'));
    const { direction } = await jsonBody(c);
    if (direction !== 'up' && direction !== 'down') throw new DomainError('Choose up or down.', 'direction');
    await moveCatalog(c.var.em, id, direction);
    return c.json({ data: await listCatalogs(c.var.em) });
  })
  .delete('/:id', async (c) => {
    await deleteCatalog(c.var.em, pathId(c.req.param('id')));
    return c.body(null, 204);
  });
