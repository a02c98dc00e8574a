import type { AddonGroupView } from '../../../src/modules/catalog/list-addon-groups.ts';
import type { PackageDetail } from '../../../src/modules/catalog/serialize-package.ts';
import type { PageProps } from '../../layouts/admin.tsx';
import { Checklist } from '../../components/checklist.tsx';
import { Csrf, FormErrors, type Errors } from '../../components/form.tsx';
import { PackageShell } from './shell.tsx';

export function AddonsPage(
  props: PageProps & {
    pkg: PackageDetail;
    groups: AddonGroupView[];
    errors?: Errors;
    canWrite: boolean;
    saved?: boolean;
    chosen?: number[];
  },
) {
  const action = `/admin/packages/${props.pkg.id}/addons`;
  return (
    <PackageShell {...props} tab="addons">
      <form method="post" action={action} hx-boost="true" class="stack">
        <Csrf token={props.csrfToken ?? null} />
        {props.saved && (
          <div class="notice ok" role="status">
            Add-on groups saved.
          </div>
        )}
        <FormErrors errors={props.errors} known={['groupIds']} />
        <Checklist
          name="groupIds"
          legend="Add-on groups offered"
          hint={
            <>
              Clients ordering this package, or holding a service of it, may add the packages of the groups ticked here. Add-ons renew with
              the service, on its invoice. Groups are managed under <a href="/admin/addon-groups">Add-ons</a>.
            </>
          }
          items={props.groups.map((g) => ({
            id: g.id,
            label: g.name,
            note: g.packages.map((p) => p.name).join(', ') || 'no packages yet',
          }))}
          chosen={props.chosen ?? props.pkg.addonGroups.map((g) => g.id)}
          idPrefix="offer"
          empty={
            <>
              There are no add-on groups yet. <a href="/admin/addon-groups">Create one</a>.
            </>
          }
          disabled={!props.canWrite}
          error={props.errors?.groupIds}
        />
        {props.canWrite && props.groups.length > 0 && (
          <div>
            <button type="submit" class="primary">
              Save add-ons
            </button>
          </div>
        )}
      </form>
    </PackageShell>
  );
}
