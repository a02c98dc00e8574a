import { Hono, type Context } from 'hono';
import { InstanceFormPage, PluginsPage, TestResult } from '../../../views/admin/plugins/index.tsx';
import { typedSecrets } from '../../../views/components/plugin-fields.tsx';
import { deletePluginInstance } from '../../modules/plugins/delete-plugin-instance.ts';
import { listInstances } from '../../modules/plugins/list-instances.ts';
import { listPlugins } from '../../modules/plugins/registry.ts';
import { savePluginInstance } from '../../modules/plugins/save-plugin-instance.ts';
import { testPluginInstance } from '../../modules/plugins/test-plugin-instance.ts';
import { NotFound } from '../../modules/shared/errors.ts';
import { canWrite } from '../../modules/staff/rules/roles.ts';
import { fields, isHtmx, nested, readForm } from '../form.ts';
import { attempt, layoutProps, parseId, redirectAfterPost } from '../respond.ts';
import type { Env } from '../types.ts';

const plugins = () =>
  listPlugins().map((p) => ({ key: p.key, name: p.name, description: p.description, instanceFields: p.instanceFields }));

async function findRow(c: Context<Env>, id: number) {
  const row = (await listInstances(c.var.em)).find((i) => i.id === id);
  if (!row) throw new NotFound('That plugin instance');
  return row;
}

function formPage(
  c: Context<Env>,
  props: Omit<Parameters<typeof InstanceFormPage>[0], 'plugins' | 'canWrite' | 'staff' | 'csrfToken'>,
  status: 200 | 422 = 200,
) {
  return c.html(<InstanceFormPage {...layoutProps(c)} {...props} plugins={plugins()} canWrite={canWrite(c.var.staff!.role)} />, status);
}

export const pluginRoutes = new Hono<Env>()
  .get('/', async (c) =>
    c.html(<PluginsPage {...layoutProps(c)} instances={await listInstances(c.var.em)} canWrite={canWrite(c.var.staff!.role)} />),
  )
  .get('/new', (c) => {
    const key = plugins().some((p) => p.key === c.req.query('plugin')) ? c.req.query('plugin')! : 'webhook';
    return formPage(c, { plugin: key, values: { settings: {} } });
  })
  .post('/', async (c) => {
    const form = await readForm(c);
    const f = fields(form);
    const raw = { plugin: f.plugin, name: f.name, settings: nested(form, 'settings') };
    const result = await attempt(() => savePluginInstance(c.var.em, undefined, raw, c.var.deps.config.APP_SECRET));
    if (result.ok) return redirectAfterPost(c, `/admin/plugins/${result.value.id}`);
    const secretless = Object.fromEntries(Object.entries(raw.settings).filter(([k]) => !/secret|password|token/i.test(k)));
    return formPage(
      c,
      {
        plugin: String(f.plugin ?? ''),
        values: {
          name: String(f.name ?? ''),
          settings: secretless,
          retype: typedSecrets(plugins().find((p) => p.key === f.plugin)?.instanceFields, raw.settings),
        },
        errors: result.errors,
      },
      422,
    );
  })
  .get('/:id', async (c) => {
    const row = await findRow(c, parseId(c.req.param('id')));
    return formPage(c, { instance: row, plugin: row.plugin, values: { name: row.name, settings: row.settings } });
  })
  .post('/:id', async (c) => {
    const id = parseId(c.req.param('id'));
    const form = await readForm(c);
    const f = fields(form);
    const settings = nested(form, 'settings');
    const result = await attempt(() => savePluginInstance(c.var.em, id, { name: f.name, settings }, c.var.deps.config.APP_SECRET));
    if (result.ok) return redirectAfterPost(c, `/admin/plugins/${id}`);
    const row = await findRow(c, id);
    const retype = typedSecrets(plugins().find((p) => p.key === row.plugin)?.instanceFields, settings);
    return formPage(
      c,
      { instance: row, plugin: row.plugin, values: { name: String(f.name ?? ''), settings, retype }, errors: result.errors },
      422,
    );
  })
  .post('/:id/test', async (c) => {
    const id = parseId(c.req.param('id'));
    const result = await testPluginInstance(c.var.em, id, c.var.deps.config.APP_SECRET);
    if (isHtmx(c)) return c.html(<TestResult id={id} result={result} />);
    const row = await findRow(c, id);
    return formPage(c, { instance: row, plugin: row.plugin, values: { name: row.name, settings: row.settings }, testResult: result });
  })
  .post('/:id/delete', async (c) => {
    const result = await attempt(() => deletePluginInstance(c.var.em, parseId(c.req.param('id'))));
    if (result.ok) return redirectAfterPost(c, '/admin/plugins');
    return c.html(
      <PluginsPage {...layoutProps(c)} instances={await listInstances(c.var.em)} canWrite errors={result.errors} />,
      result.status,
    );
  });
