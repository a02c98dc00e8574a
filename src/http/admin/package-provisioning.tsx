import { Hono, type Context } from 'hono';
import { ProvisioningForm, ProvisioningPage } from '../../../views/admin/packages/provisioning.tsx';
import { setPackageProvisioning } from '../../modules/catalog/set-package-provisioning.ts';
import { listInstances } from '../../modules/plugins/list-instances.ts';
import { fields, isHtmx, nested, readForm } from '../form.ts';
import { attempt, parseId, redirectAfterPost, type Errors } from '../respond.ts';
import type { Env } from '../types.ts';
import { packagePage } from './package-context.ts';

async function render(
  c: Context<Env>,
  opts: { selectedId?: number | null; values?: Record<string, unknown>; errors?: Errors; saved?: boolean; fragment?: boolean } = {},
) {
  const page = await packagePage(c);
  const instances = await listInstances(c.var.em);
  const selectedId = opts.selectedId !== undefined ? opts.selectedId : page.pkg.pluginInstanceId;
  const values = opts.values ?? (selectedId === page.pkg.pluginInstanceId ? page.pkg.pluginOptions : {});
  const props = { ...page, instances, selectedId, values, errors: opts.errors, saved: opts.saved };
  const status = opts.errors ? 422 : 200;
  if (opts.fragment || isHtmx(c)) return c.html(<ProvisioningForm {...props} csrfToken={c.var.csrfToken} />, status);
  return c.html(<ProvisioningPage {...props} />, status);
}

export const provisioningRoutes = new Hono<Env>()
  .get('/:id/provisioning', (c) => render(c))
  // Swapped in when staff pick another instance: the options form of that instance's plugin.
  .get('/:id/provisioning/options', (c) => {
    const raw = c.req.query('pluginInstanceId');
    return render(c, { selectedId: raw ? parseId(raw) : null, fragment: true });
  })
  .post('/:id/provisioning', async (c) => {
    const form = await readForm(c);
    const f = fields(form);
    const options = nested(form, 'options');
    const result = await attempt(() =>
      setPackageProvisioning(c.var.em, parseId(c.req.param('id')), { pluginInstanceId: f.pluginInstanceId, options }),
    );
    if (!result.ok) {
      const selected = typeof f.pluginInstanceId === 'string' && f.pluginInstanceId ? parseId(f.pluginInstanceId) : null;
      return render(c, { selectedId: selected, values: options, errors: result.errors });
    }
    return isHtmx(c) ? render(c, { saved: true }) : redirectAfterPost(c, `/admin/packages/${c.req.param('id')}/provisioning`);
  });
