import type { FieldSpec } from '../../../src/modules/plugins/rules/field-spec.ts';
import { AdminLayout, type PageProps } from '../../layouts/admin.tsx';
import { Csrf, Field, FormErrors, Select, type Errors } from '../../components/form.tsx';
import { PluginFields } from '../../components/plugin-fields.tsx';

export interface InstanceRow {
  id: number;
  name: string;
  plugin: string;
  pluginName: string;
  settings: Record<string, unknown>;
  hasSecrets: boolean;
  instanceFields: readonly FieldSpec[];
}

export function TestResult(props: { id: number | string; result?: { ok: boolean; message: string } }) {
  return (
    <span id={`test-${props.id}`} class={props.result ? (props.result.ok ? 'test ok' : 'test fail') : 'test'} role="status">
      {props.result ? props.result.message : ''}
    </span>
  );
}

export function PluginsPage(props: PageProps & { instances: InstanceRow[]; canWrite: boolean; errors?: Errors }) {
  return (
    <AdminLayout {...props} title="Provisioning" active="plugins">
      <div class="heading">
        <h1>Provisioning plugin instances</h1>
        {props.canWrite && (
          <a class="button primary" href="/admin/plugins/new">
            New instance
          </a>
        )}
      </div>
      <FormErrors errors={props.errors} />
      <table class="table">
        <caption class="sr-only">Plugin instances</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Plugin</th>
            <th scope="col">Connection</th>
          </tr>
        </thead>
        <tbody>
          {props.instances.map((i) => (
            <tr>
              <td>
                <a href={`/admin/plugins/${i.id}`}>{i.name}</a>
              </td>
              <td>{i.pluginName}</td>
              <td>
                <form
                  method="post"
                  action={`/admin/plugins/${i.id}/test`}
                  hx-post={`/admin/plugins/${i.id}/test`}
                  hx-target={`#test-${i.id}`}
                  hx-swap="outerHTML"
                  class="inline"
                >
                  <Csrf token={props.csrfToken ?? null} />
                  <button type="submit" class="small" disabled={!props.canWrite}>
                    Test connection
                  </button>{' '}
                  <TestResult id={i.id} />
                </form>
              </td>
            </tr>
          ))}
          {props.instances.length === 0 && (
            <tr>
              <td colspan={3} class="empty">
                No instances yet.
              </td>
            </tr>
          )}
        </tbody>
      </table>
    </AdminLayout>
  );
}

export function InstanceFormPage(
  props: PageProps & {
    instance?: InstanceRow;
    plugins: { key: string; name: string; description: string; instanceFields: readonly FieldSpec[] }[];
    plugin: string;
    values: { name?: string; settings: Record<string, unknown>; retype?: string[] };
    errors?: Errors;
    canWrite: boolean;
    testResult?: { ok: boolean; message: string };
  },
) {
  const i = props.instance;
  const plugin = props.plugins.find((p) => p.key === props.plugin);
  const action = i ? `/admin/plugins/${i.id}` : '/admin/plugins';
  const e = props.errors ?? {};
  return (
    <AdminLayout {...props} title={i ? i.name : 'New plugin instance'} active="plugins">
      <p class="crumbs">
        <a href="/admin/plugins">Provisioning</a> /
      </p>
      <h1>{i ? i.name : 'New plugin instance'}</h1>
      <section class="card">
        <form method="post" action={action} hx-boost="true" class="stack" id="instance-form">
          <Csrf token={props.csrfToken ?? null} />
          <FormErrors errors={e} known={['name', 'plugin', ...(plugin?.instanceFields ?? []).map((f) => `settings.${f.key}`)]} />
          <fieldset disabled={!props.canWrite}>
            {i ? (
              <p>
                Plugin: <strong>{plugin?.name ?? i.plugin}</strong>
              </p>
            ) : (
              <Select
                name="plugin"
                label="Plugin"
                value={props.plugin}
                error={e.plugin}
                options={props.plugins.map((p) => [p.key, p.name] as const)}
                hint={plugin?.description}
                extra={{
                  'hx-get': '/admin/plugins/new',
                  'hx-target': '#main',
                  'hx-select': '#main',
                  'hx-swap': 'outerHTML',
                  'hx-trigger': 'change',
                  'hx-include': 'this',
                }}
              />
            )}
            <Field name="name" label="Instance name" value={props.values.name} error={e.name} maxlength={120} placeholder="EU panel" />
            {plugin && (
              <PluginFields
                fields={plugin.instanceFields}
                group="settings"
                values={props.values.settings}
                retype={props.values.retype}
                errors={e}
                secretsSet={i?.hasSecrets ? plugin.instanceFields.filter((f) => f.type === 'secret').map((f) => f.key) : []}
              />
            )}
            <noscript>
              <p class="hint">Changed the plugin? Save to see its settings.</p>
            </noscript>
          </fieldset>
          {props.canWrite && (
            <div>
              <button type="submit" class="primary">
                {i ? 'Save instance' : 'Create instance'}
              </button>
            </div>
          )}
        </form>
        {i && props.canWrite && (
          <div class="row-actions">
            <form
              method="post"
              action={`/admin/plugins/${i.id}/test`}
              hx-post={`/admin/plugins/${i.id}/test`}
              hx-target={`#test-${i.id}`}
              hx-swap="outerHTML"
              class="inline"
            >
              <Csrf token={props.csrfToken ?? null} />
              <button type="submit">Test connection</button> <TestResult id={i.id} result={props.testResult} />
            </form>
            <form method="post" action={`/admin/plugins/${i.id}/delete`} hx-confirm={`Delete the instance "${i.name}"?`} class="inline">
              <Csrf token={props.csrfToken ?? null} />
              <button type="submit" class="danger">
                Delete instance
              </button>
            </form>
          </div>
        )}
      </section>
    </AdminLayout>
  );
}
