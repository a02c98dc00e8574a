import type { PackageDetail } from '../../../src/modules/catalog/serialize-package.ts';
import type { PackageChoice } from '../../../src/modules/catalog/list-package-choices.ts';
import type { PageProps } from '../../layouts/admin.tsx';
import { Checklist } from '../../components/checklist.tsx';
import { Csrf, FormErrors, type Errors } from '../../components/form.tsx';
import { PackageShell } from './shell.tsx';

export function ScalingPage(
  props: PageProps & {
    pkg: PackageDetail;
    candidates: PackageChoice[];
    errors?: Errors;
    canWrite: boolean;
    saved?: boolean;
    /** The ticks sent with a refused save, shown again instead of the stored ones. */
    chosen?: number[];
  },
) {
  const action = `/admin/packages/${props.pkg.id}/scaling`;
  return (
    <PackageShell {...props} tab="scaling">
      <form method="post" action={action} hx-boost="true" class="stack">
        <Csrf token={props.csrfToken ?? null} />
        {props.saved && (
          <div class="notice ok" role="status">
            Scaling targets saved.
          </div>
        )}
        <FormErrors errors={props.errors} />
        <Checklist
          name="targetIds"
          legend="Scalable to"
          hint="Clients with a service of this package may upgrade or downgrade to the packages ticked here."
          items={props.candidates.map((c) => ({ id: c.id, label: c.name, note: c.catalogName, status: c.status }))}
          chosen={props.chosen ?? props.pkg.scalableTo.map((t) => t.id)}
          idPrefix="scale"
          empty="There are no other packages yet."
          disabled={!props.canWrite}
        />
        {props.canWrite && (
          <div>
            <button type="submit" class="primary">
              Save scaling
            </button>
          </div>
        )}
      </form>
    </PackageShell>
  );
}
