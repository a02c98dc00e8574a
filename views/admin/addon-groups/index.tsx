import type { AddonGroupView } from '../../../src/modules/catalog/list-addon-groups.ts';
import type { PackageChoice } from '../../../src/modules/catalog/list-package-choices.ts';
import { AdminLayout, type PageProps } from '../../layouts/admin.tsx';
import { Checklist } from '../../components/checklist.tsx';
import { Csrf, Field, FormErrors, type Errors } from '../../components/form.tsx';
import { MoveButtons } from '../../components/move-buttons.tsx';

export interface AddonGroupValues {
  name?: string;
  names?: Record<string, string>;
  packageIds?: number[];
}

type Language = { code: string; name: string; isDefault: boolean };

export function AddonGroupForm(props: {
  csrfToken: string | null;
  action: string;
  values?: AddonGroupValues;
  errors?: Errors;
  submit: string;
  languages: Language[];
  packages: PackageChoice[];
}) {
  const v = props.values ?? {};
  const e = props.errors ?? {};
  const others = props.languages.filter((l) => !l.isDefault);
  const known = ['name', 'packageIds', ...others.map((l) => `names.${l.code}`)];
  return (
    <form method="post" action={props.action} class="stack">
      <Csrf token={props.csrfToken} />
      <FormErrors errors={e} known={known} />
      <Field
        name="name"
        label="Name"
        value={v.name}
        error={e.name}
        required
        maxlength={120}
        hint="What clients see above the group's add-ons, e.g. Backups."
      />
      {others.map((l) => (
        <Field
          name={`names[${l.code}]`}
          id={`f-names-${l.code}`}
          label={`Name (${l.name})`}
          value={v.names?.[l.code]}
          placeholder={v.name}
          error={e[`names.${l.code}`]}
          maxlength={120}
        />
      ))}
      <Checklist
        name="packageIds"
        legend="Packages in this group"
        hint="Each ticked package is sold as an add-on wherever this group is offered; it keeps its own catalog, prices and stock."
        items={props.packages.map((p) => ({ id: p.id, label: p.name, note: p.catalogName, status: p.status }))}
        chosen={v.packageIds ?? []}
        idPrefix="member"
        empty={
          <>
            There are no packages yet. <a href="/admin/packages/new">Create one</a> first.
          </>
        }
        error={e.packageIds}
      />
      <div>
        <button type="submit" class="primary">
          {props.submit}
        </button>
      </div>
    </form>
  );
}

export function AddonGroupList(props: { groups: AddonGroupView[]; csrfToken: string | null; canWrite: boolean; errors?: Errors }) {
  return (
    <div id="addon-group-list">
      <FormErrors errors={props.errors} />
      <table class="table">
        <caption class="sr-only">Add-on groups</caption>
        <thead>
          <tr>
            <th scope="col">Order</th>
            <th scope="col">Name</th>
            <th scope="col">Add-ons</th>
            <th scope="col">Offered with</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {props.groups.map((g, i) => (
            <tr id={`addon-group-${g.id}`}>
              <td class="nowrap">
                {props.canWrite && (
                  <MoveButtons
                    action={`/admin/addon-groups/${g.id}/move`}
                    target="#addon-group-list"
                    csrfToken={props.csrfToken}
                    name={g.name}
                    first={i === 0}
                    last={i === props.groups.length - 1}
                  />
                )}
              </td>
              <td>
                <a href={`/admin/addon-groups/${g.id}`}>{g.name}</a>
              </td>
              <td>{g.packages.length ? g.packages.map((p) => p.name).join(', ') : <span class="muted">none yet</span>}</td>
              <td>
                {g.offeredBy.length ? (
                  g.offeredBy.map((p, k) => (
                    <>
                      {k > 0 && ', '}
                      <a href={`/admin/packages/${p.id}/addons`}>{p.name}</a>
                    </>
                  ))
                ) : (
                  <span class="muted">not offered yet</span>
                )}
              </td>
              <td class="nowrap">
                {props.canWrite && (
                  <form
                    method="post"
                    action={`/admin/addon-groups/${g.id}/delete`}
                    class="inline"
                    hx-post={`/admin/addon-groups/${g.id}/delete`}
                    hx-target="#addon-group-list"
                    hx-swap="outerHTML"
                    hx-confirm={`Delete the add-on group "${g.name}"? It will no longer be offered; add-ons already sold keep running.`}
                  >
                    <Csrf token={props.csrfToken} />
                    <button class="small danger">Delete</button>
                  </form>
                )}
              </td>
            </tr>
          ))}
          {props.groups.length === 0 && (
            <tr>
              <td colspan={5} class="empty">
                No add-on groups yet. Create the first one below, then offer it on a package's Add-ons tab.
              </td>
            </tr>
          )}
        </tbody>
      </table>
    </div>
  );
}

type FormProps = { values?: AddonGroupValues; errors?: Errors; languages: Language[]; packages: PackageChoice[] };

export function AddonGroupsPage(props: PageProps & FormProps & { groups: AddonGroupView[]; canWrite: boolean; listErrors?: Errors }) {
  return (
    <AdminLayout {...props} title="Add-on groups" active="addons">
      <h1>Add-on groups</h1>
      <p class="lead">
        Packages sold with another package (backups, extra IPs, licences). A group is offered on a package's Add-ons tab; its add-ons renew
        with their parent service, on its invoice.
      </p>
      <AddonGroupList groups={props.groups} csrfToken={props.csrfToken ?? null} canWrite={props.canWrite} errors={props.listErrors} />
      {props.canWrite && (
        <section class="card">
          <h2>New add-on group</h2>
          <AddonGroupForm
            csrfToken={props.csrfToken ?? null}
            action="/admin/addon-groups"
            values={props.values}
            errors={props.errors}
            submit="Create group"
            languages={props.languages}
            packages={props.packages}
          />
        </section>
      )}
    </AdminLayout>
  );
}

export function AddonGroupEditPage(props: PageProps & FormProps & { group: AddonGroupView; canWrite: boolean; saved?: boolean }) {
  const g = props.group;
  return (
    <AdminLayout {...props} title={g.name} active="addons">
      <p class="crumbs">
        <a href="/admin/addon-groups">Add-on groups</a> /
      </p>
      <h1>{g.name}</h1>
      {props.saved && (
        <div class="notice ok" role="status">
          Add-on group saved.
        </div>
      )}
      <section class="card">
        {props.canWrite ? (
          <AddonGroupForm
            csrfToken={props.csrfToken ?? null}
            action={`/admin/addon-groups/${g.id}`}
            values={props.values ?? { name: g.name, names: g.names, packageIds: g.packages.map((p) => p.id) }}
            errors={props.errors}
            submit="Save group"
            languages={props.languages}
            packages={props.packages}
          />
        ) : (
          <dl>
            <dt>Add-ons</dt>
            <dd>{g.packages.map((p) => p.name).join(', ') || '—'}</dd>
          </dl>
        )}
      </section>
      <section class="card">
        <h2>Offered with</h2>
        {g.offeredBy.length ? (
          <ul>
            {g.offeredBy.map((p) => (
              <li>
                <a href={`/admin/packages/${p.id}/addons`}>{p.name}</a>
              </li>
            ))}
          </ul>
        ) : (
          <p class="muted">No package offers this group yet. Offer it on a package's Add-ons tab.</p>
        )}
      </section>
    </AdminLayout>
  );
}
