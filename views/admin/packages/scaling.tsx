import type { PackageDetail } from '../../../src/modules/catalog/serialize-package.ts';
import type { PageProps } from '../../layouts/admin.tsx';
import { Csrf, FormErrors, type Errors } from '../../components/form.tsx';
import { PackageShell } from './shell.tsx';

export function ScalingPage(props: PageProps & { pkg: PackageDetail; candidates: { id: number; name: string; catalogName: string; status: string }[]; errors?: Errors; canWrite: boolean; saved?: boolean }) {
  const chosen = new Set(props.pkg.scalableTo.map((t) => t.id));
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
        <fieldset disabled={!props.canWrite}>
          <legend>Scalable to</legend>
          <p class="hint">Clients with a service of this package may upgrade or downgrade to the packages ticked here.</p>
          <input type="hidden" name="targetIds[]" value="" />
          {props.candidates.length === 0 && <p class="muted">There are no other packages yet.</p>}
          <ul class="checklist">
            {props.candidates.map((c) => (
              <li>
                <input type="checkbox" id={`scale-${c.id}`} name="targetIds[]" value={String(c.id)} checked={chosen.has(c.id)} />
                <label for={`scale-${c.id}`}>
                  {c.name} <span class="muted small">{c.catalogName}</span> {c.status !== 'visible' && <span class={`badge status-${c.status}`}>{c.status}</span>}
                </label>
              </li>
            ))}
          </ul>
        </fieldset>
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
