import { Hono, type Context } from 'hono';
import { createPackage } from '../../modules/catalog/create-package.ts';
import { deletePackage } from '../../modules/catalog/delete-package.ts';
import { duplicatePackage } from '../../modules/catalog/duplicate-package.ts';
import { listPackages } from '../../modules/catalog/list-packages.ts';
import { loadPackage } from '../../modules/catalog/load-package.ts';
import { serializePackage } from '../../modules/catalog/serialize-package.ts';
import { updatePackage } from '../../modules/catalog/update-package.ts';
import type { Env } from '../types.ts';
import { jsonBody, pathId } from './json.ts';

export async function packageJson(c: Context<Env>, id: number) {
  c.var.em.clear();
  return serializePackage(await loadPackage(c.var.em, id));
}

export const packageApi = new Hono<Env>()
  .get('/', async (c) => {
    const result = await listPackages(c.var.em, c.req.query());
    return c.json({
      data: result.items,
      meta: { total: result.total, page: result.query.page, perPage: result.query.perPage, pages: result.pages },
    });
  })
  .post('/', async (c) => {
    const pkg = await createPackage(c.var.em, await jsonBody(c));
    return c.json({ data: await packageJson(c, pkg.id) }, 201);
  })
  .get('/:id', async (c) => c.json({ data: await packageJson(c, pathId(c.req.param('id'))) }))
  .patch('/:id', async (c) => {
    const id = pathId(c.req.param('id'));
    await updatePackage(c.var.em, id, await jsonBody(c));
    return c.json({ data: await packageJson(c, id) });
  })
  .delete('/:id', async (c) => {
    await deletePackage(c.var.em, pathId(c.req.param('id')));
    return c.body(null, 204);
  })
  .post('/:id/duplicate', async (c) => {
    const copy = await duplicatePackage(c.var.em, pathId(c.req.param('id')));
    return c.json({ data: await packageJson(c, copy.id) }, 201);
  });
