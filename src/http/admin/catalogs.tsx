import { Hono, type Context } from 'hono';
import { CatalogEditPage, CatalogList, CatalogsPage } from '../../../views/admin/catalogs/index.tsx';
import { createCatalog } from '../../modules/catalog/create-catalog.ts';
import { deleteCatalog } from '../../modules/catalog/delete-catalog.ts';
import { listCatalogs } from '../../modules/catalog/list-catalogs.ts';
import { moveCatalog } from '../../modules/catalog/move-catalog.ts';
import { updateCatalog } from '../../modules/catalog/update-catalog.ts';
import { NotFound } from '../../modules/shared/errors.ts';
import { canWrite } from '../../modules/staff/rules/roles.ts';
import { fields, isHtmx, readForm } from '../form.ts';
import { attempt, layoutProps, parseId, redirectAfterPost, type Errors } from '../respond.ts';
import type { Env } from '../types.ts';

async function listFragment(c: Context<Env>, listErrors?: Errors, status: 200 | 409 | 422 = 200) {
  const catalogs = await listCatalogs(c.var.em);
  const write = canWrite(c.var.staff!.role);
  if (isHtmx(c))
    return c.html(
      <CatalogList catalogs={catalogs} csrfToken={c.var.csrfToken} canWrite={write} errors={listErrors} />,
      status === 409 ? 200 : status,
    );
  const created = catalogs.find((x) => String(x.id) === c.req.query('created'));
  const flash = created ? `Catalog "${created.name}" created.` : undefined;
  return c.html(<CatalogsPage {...layoutProps(c)} catalogs={catalogs} canWrite={write} listErrors={listErrors} flash={flash} />, status);
}

export const catalogRoutes = new Hono<Env>()
  .get('/', (c) => listFragment(c))
  .post('/', async (c) => {
    const form = fields(await readForm(c));
    const result = await attempt(() => createCatalog(c.var.em, form));
    if (result.ok) return redirectAfterPost(c, `/admin/catalogs?created=${result.value.id}`);
    const catalogs = await listCatalogs(c.var.em);
    return c.html(<CatalogsPage {...layoutProps(c)} catalogs={catalogs} canWrite values={form as never} errors={result.errors} />, 422);
  })
  .get('/:id', async (c) => {
    const catalog = (await listCatalogs(c.var.em)).find((x) => x.id === parseId(c.req.param('id')));
    if (!catalog) throw new NotFound('That catalog');
    return c.html(<CatalogEditPage {...layoutProps(c)} catalog={catalog} canWrite={canWrite(c.var.staff!.role)} />);
  })
  .post('/:id', async (c) => {
    const id = parseId(c.req.param('id'));
    const form = fields(await readForm(c));
    const result = await attempt(() => updateCatalog(c.var.em, id, form));
    if (result.ok) return redirectAfterPost(c, '/admin/catalogs');
    const catalog = (await listCatalogs(c.var.em)).find((x) => x.id === id);
    if (!catalog) throw new NotFound('That catalog');
    return c.html(<CatalogEditPage {...layoutProps(c)} catalog={catalog} values={form as never} errors={result.errors} canWrite />, 422);
  })
  .post('/:id/move', async (c) => {
    const form = fields(await readForm(c));
    await moveCatalog(c.var.em, parseId(c.req.param('id')), form.direction === 'up' ? 'up' : 'down');
    return isHtmx(c) ? listFragment(c) : redirectAfterPost(c, '/admin/catalogs');
  })
  .post('/:id/visibility', async (c) => {
    const form = fields(await readForm(c));
    const result = await attempt(() => updateCatalog(c.var.em, parseId(c.req.param('id')), { hidden: form.hidden }));
    if (!result.ok) return listFragment(c, result.errors, 422);
    return isHtmx(c) ? listFragment(c) : redirectAfterPost(c, '/admin/catalogs');
  })
  .post('/:id/delete', async (c) => {
    const result = await attempt(() => deleteCatalog(c.var.em, parseId(c.req.param('id'))));
    if (!result.ok) return listFragment(c, result.errors, result.status);
    return isHtmx(c) ? listFragment(c) : redirectAfterPost(c, '/admin/catalogs');
  });
