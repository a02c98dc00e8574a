import { Hono, type Context } from 'hono';
import { ScalingPage } from '../../../views/admin/packages/scaling.tsx';
import { setScalingTargets } from '../../modules/catalog/set-scaling-targets.ts';
import { listPackageChoices } from '../../modules/catalog/list-package-choices.ts';
import { fields, readForm, tickedIds } from '../form.ts';
import { attempt, parseId, redirectAfterPost, type Errors } from '../respond.ts';
import type { Env } from '../types.ts';
import { packagePage } from './package-context.ts';

async function render(c: Context<Env>, opts: { errors?: Errors; saved?: boolean; chosen?: number[] } = {}) {
  const page = await packagePage(c);
  const candidates = await listPackageChoices(c.var.em, page.id);
  return c.html(<ScalingPage {...page} candidates={candidates} {...opts} />, opts.errors ? 422 : 200);
}

export const scalingRoutes = new Hono<Env>()
  .get('/:id/scaling', (c) => render(c, { saved: c.req.query('saved') === '1' }))
  .post('/:id/scaling', async (c) => {
    const form = fields(await readForm(c));
    const id = parseId(c.req.param('id'));
    const result = await attempt(() => setScalingTargets(c.var.em, id, { targetIds: form.targetIds }));
    if (!result.ok) return render(c, { errors: result.errors, chosen: tickedIds(form, 'targetIds') });
    return redirectAfterPost(c, `/admin/packages/${id}/scaling?saved=1`);
  });
