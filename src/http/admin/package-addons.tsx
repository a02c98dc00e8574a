import { Hono, type Context } from 'hono';
import { AddonsPage } from '../../../views/admin/packages/addons.tsx';
import { listAddonGroups } from '../../modules/catalog/list-addon-groups.ts';
import { setOfferedAddonGroups } from '../../modules/catalog/set-offered-addon-groups.ts';
import { fields, readForm, tickedIds } from '../form.ts';
import { attempt, parseId, redirectAfterPost, type Errors } from '../respond.ts';
import type { Env } from '../types.ts';
import { packagePage } from './package-context.ts';

async function render(c: Context<Env>, opts: { errors?: Errors; saved?: boolean; chosen?: number[] } = {}) {
  const page = await packagePage(c);
  const groups = await listAddonGroups(c.var.em);
  return c.html(<AddonsPage {...page} groups={groups} {...opts} />, opts.errors ? 422 : 200);
}

export const addonRoutes = new Hono<Env>()
  .get('/:id/addons', (c) => render(c, { saved: c.req.query('saved') === '1' }))
  .post('/:id/addons', async (c) => {
    const form = fields(await readForm(c));
    const id = parseId(c.req.param('id'));
    const result = await attempt(() => setOfferedAddonGroups(c.var.em, id, { groupIds: form.groupIds }));
    if (!result.ok) {
      return render(c, { errors: result.errors, chosen: tickedIds(form, 'groupIds') });
    }
    return redirectAfterPost(c, `/admin/packages/${id}/addons?saved=1`);
  });
