import type { PackageDetail } from '../../../src/modules/catalog/serialize-package.ts';
import type { FieldSpec } from '../../../src/modules/plugins/rules/field-spec.ts';
import type { PageProps } from '../../layouts/admin.tsx';
import { Csrf, FormErrors, Select, type Errors } from '../../components/form.tsx';
import { PluginFields } from '../../components/plugin-fields.tsx';
import { PackageShell } from './shell.tsx';

export interface InstanceChoice {
  id: number;
  name: string;
  pluginName: string;
  packageFields: readonly FieldSpec[];
}

/** The options part swaps when staff pick another instance, so the form always matches its plugin. */
export function ProvisioningForm(props: {
  pkg: PackageDetail;
  instances: InstanceChoice[];
  selectedId: number | null;
  values: Record<string, unknown>;
  errors?: Errors;
  csrfToken: string | null;
  canWrite: boolean;
  saved?: boolean;
}) {
  const action = `/admin/packages/${props.pkg.id}/provisioning`;
  const selected = props.instances.find((i) => i.id === props.selectedId);
  return (
    <form
      id="provisioning-form"
      method="post"
      action={action}
      hx-post={action}
      hx-target="#provisioning-form"
      hx-swap="outerHTML"
      class="stack"
    >
      <Csrf token={props.csrfToken} />
      {props.saved && (
        <div class="notice ok" role="status">
          Provisioning saved.
        </div>
      )}
      <FormErrors errors={props.errors} known={['pluginInstanceId', ...(selected?.packageFields ?? []).map((f) => `options.${f.key}`)]} />
      <fieldset disabled={!props.canWrite}>
        <Select
          name="pluginInstanceId"
          label="Provisioning plugin instance"
          value={props.selectedId === null ? '' : String(props.selectedId)}
          blank="None: no provisioning"
          options={props.instances.map((i) => [String(i.id), `${i.name} (${i.pluginName})`] as const)}
          error={props.errors?.pluginInstanceId}
          hint="Instances are set up under Provisioning."
          extra={{ 'hx-get': `${action}/options`, 'hx-target': '#provisioning-form', 'hx-swap': 'outerHTML', 'hx-trigger': 'change' }}
        />
        {selected && selected.packageFields.length > 0 && (
          <div class="plugin-options">
            <h2>{selected.pluginName} options</h2>
            <PluginFields fields={selected.packageFields} group="options" values={props.values} errors={props.errors} />
          </div>
        )}
        {selected && selected.packageFields.length === 0 && <p class="muted">This plugin has no per-package options.</p>}
      </fieldset>
      {props.canWrite && (
        <div>
          <button type="submit" class="primary">
            Save provisioning
          </button>
        </div>
      )}
    </form>
  );
}

export function ProvisioningPage(props: PageProps & Omit<Parameters<typeof ProvisioningForm>[0], 'csrfToken'>) {
  return (
    <PackageShell {...props} tab="provisioning">
      {props.instances.length === 0 && (
        <div class="notice info">
          No plugin instances yet. <a href="/admin/plugins/new">Create one</a> to automate this package.
        </div>
      )}
      <ProvisioningForm {...props} csrfToken={props.csrfToken ?? null} />
    </PackageShell>
  );
}
