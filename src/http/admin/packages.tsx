import { countHeld } from '../../modules/inventory/count-held.ts';
import { Hono, type Context } from 'hono';
import { PackagesPage, PackageResults } from '../../../views/admin/packages/index.tsx';
import { IconForm, NewPackagePage, PackageSummaryPage } from '../../../views/admin/packages/summary.tsx';
import { DeletePackagePage } from '../../../views/admin/packages/delete.tsx';
import { createPackage } from '../../modules/catalog/create-package.ts';
import { deletePackage } from '../../modules/catalog/delete-package.ts';
import { duplicatePackage } from '../../modules/catalog/duplicate-package.ts';
import { catalogChoices } from '../../modules/catalog/list-catalogs.ts';
import { listPackages } from '../../modules/catalog/list-packages.ts';
import { setPackageIcon } from '../../modules/catalog/set-package-icon.ts';
import { setPackageStatus } from '../../modules/catalog/set-package-status.ts';
import { updatePackage } from '../../modules/catalog/update-package.ts';
import { canWrite } from '../../modules/staff/rules/roles.ts';
import { fields, isHtmx, readForm } from '../form.ts';
import { attempt, layoutProps, parseId, redirectAfterPost } from '../respond.ts';
import type { Env } from '../types.ts';
import { packagePage } from './package-context.ts';

const FLASH: Record<string, string> = {
  '1': 'Package saved.',
  inactive: 'The package is now inactive: it cannot be ordered, and existing services keep running.',
  copy: 'This is the copy. It starts hidden; review it, then make it visible.',
};

async function catalogsFor(c: Context<Env>) {
  return [...(await catalogChoices(c.var.em))];
}

export const packageRoutes = new Hono<Env>()
  .get('/', async (c) => {
    const result = await attempt(() => listPackages(c.var.em, c.req.query()));
    const catalogs = await catalogsFor(c);
    const list = result.ok ? result.value : { ...(await listPackages(c.var.em, {})), errors: result.errors };
    if (isHtmx(c) && c.req.header('hx-target') === 'package-results')
      return c.html(<PackageResults {...list} catalogs={catalogs} />, result.ok ? 200 : 422);
    return c.html(
      <PackagesPage {...layoutProps(c)} {...list} catalogs={catalogs} canWrite={canWrite(c.var.staff!.role)} />,
      result.ok ? 200 : 422,
    );
  })
  .get('/new', async (c) => {
    const catalog = c.req.query('catalog');
    return c.html(<NewPackagePage {...layoutProps(c)} values={{ catalogId: catalog }} catalogs={await catalogsFor(c)} />);
  })
  .post('/', async (c) => {
    const form = fields(await readForm(c));
    const result = await attempt(() => createPackage(c.var.em, form));
    if (result.ok) return redirectAfterPost(c, `/admin/packages/${result.value.id}/pricing`);
    return c.html(<NewPackagePage {...layoutProps(c)} values={form} errors={result.errors} catalogs={await catalogsFor(c)} />, 422);
  })
  .get('/:id', async (c) => {
    const page = await packagePage(c);
    return c.html(
      <PackageSummaryPage
        {...page}
        held={await countHeld(c.var.em, page.id, c.var.now)}
        catalogs={await catalogsFor(c)}
        maxIconKb={Math.floor(c.var.deps.config.ICON_MAX_BYTES / 1024)}
        flash={FLASH[c.req.query('saved') ?? '']}
      />,
    );
  })
  .post('/:id', async (c) => {
    const form = fields(await readForm(c));
    const id = parseId(c.req.param('id'));
    const result = await attempt(() => updatePackage(c.var.em, id, form));
    if (result.ok) return redirectAfterPost(c, `/admin/packages/${id}?saved=1`);
    const page = await packagePage(c);
    return c.html(
      <PackageSummaryPage
        {...page}
        held={await countHeld(c.var.em, page.id, c.var.now)}
        values={form}
        errors={result.errors}
        catalogs={await catalogsFor(c)}
        maxIconKb={Math.floor(c.var.deps.config.ICON_MAX_BYTES / 1024)}
      />,
      422,
    );
  })
  .post('/:id/icon', async (c) => {
    const form = await readForm(c);
    const id = parseId(c.req.param('id'));
    const file = form.icon;
    const cfg = c.var.deps.config;
    const bytes = form.remove === '1' ? null : file instanceof File ? new Uint8Array(await file.arrayBuffer()) : new Uint8Array();
    const result = await attempt(() => setPackageIcon(c.var.em, id, bytes, { uploadDir: cfg.UPLOAD_DIR, maxBytes: cfg.ICON_MAX_BYTES }));
    if (result.ok && !isHtmx(c)) return redirectAfterPost(c, `/admin/packages/${id}`);
    const page = await packagePage(c);
    const error = result.ok ? undefined : result.errors.icon;
    if (isHtmx(c))
      return c.html(
        <IconForm pkg={page.pkg} csrfToken={c.var.csrfToken} error={error} maxKb={Math.floor(cfg.ICON_MAX_BYTES / 1024)} canWrite />,
        result.ok ? 200 : 422,
      );
    return c.html(
      <PackageSummaryPage {...page} iconError={error} catalogs={await catalogsFor(c)} maxIconKb={Math.floor(cfg.ICON_MAX_BYTES / 1024)} />,
      422,
    );
  })
  .post('/:id/duplicate', async (c) => {
    const copy = await duplicatePackage(c.var.em, parseId(c.req.param('id')));
    return redirectAfterPost(c, `/admin/packages/${copy.id}?saved=copy`);
  })
  .get('/:id/delete', async (c) => {
    const page = await packagePage(c);
    return c.html(<DeletePackagePage {...page} />);
  })
  .post('/:id/delete', async (c) => {
    const id = parseId(c.req.param('id'));
    const result = await attempt(() => deletePackage(c.var.em, id));
    if (result.ok) return redirectAfterPost(c, '/admin/packages');
    const page = await packagePage(c);
    return c.html(<DeletePackagePage {...page} refusal={Object.values(result.errors)[0]} />, result.status);
  })
  .post('/:id/deactivate', async (c) => {
    const id = parseId(c.req.param('id'));
    await setPackageStatus(c.var.em, id, 'inactive');
    return redirectAfterPost(c, `/admin/packages/${id}?saved=inactive`);
  });
