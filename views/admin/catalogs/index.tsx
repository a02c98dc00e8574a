import { AdminLayout, type PageProps } from '../../layouts/admin.tsx';
import { Checkbox, Csrf, Field, FormErrors, TextArea, type Errors } from '../../components/form.tsx';
import { MoveButtons } from '../../components/move-buttons.tsx';

export interface CatalogView {
  id: number;
  name: string;
  slug: string;
  description: string;
  hidden: boolean;
  packageCount: number;
}

export function CatalogForm(props: {
  csrfToken: string | null;
  action: string;
  values?: Partial<CatalogView>;
  errors?: Errors;
  submit: string;
}) {
  const v = props.values ?? {};
  const e = props.errors ?? {};
  return (
    <form method="post" action={props.action} class="stack">
      <Csrf token={props.csrfToken} />
      <FormErrors errors={e} known={['name', 'slug', 'description', 'hidden']} />
      <div class="row">
        <Field name="name" label="Name" value={v.name} error={e.name} required maxlength={120} extra={{ 'data-slug-source': 'f-slug' }} />
        <Field
          name="slug"
          label="Slug"
          value={v.slug}
          error={e.slug}
          hint="Lowercase letters, digits and hyphens. Left blank, it is made from the name."
          maxlength={80}
          extra={{ 'data-slug': '' }}
        />
      </div>
      <TextArea name="description" label="Description" value={v.description} error={e.description} rows={2} />
      <Checkbox name="hidden" label="Hidden from the storefront" checked={v.hidden} />
      <div>
        <button type="submit" class="primary">
          {props.submit}
        </button>
      </div>
    </form>
  );
}

export function CatalogList(props: { catalogs: CatalogView[]; csrfToken: string | null; canWrite: boolean; errors?: Errors }) {
  return (
    <div id="catalog-list">
      <FormErrors errors={props.errors} />
      <table class="table">
        <caption class="sr-only">Catalogs</caption>
        <thead>
          <tr>
            <th scope="col">Order</th>
            <th scope="col">Name</th>
            <th scope="col">Slug</th>
            <th scope="col">Packages</th>
            <th scope="col">Storefront</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {props.catalogs.map((cat, i) => (
            <tr id={`catalog-${cat.id}`}>
              <td class="nowrap">
                {props.canWrite && (
                  <MoveButtons
                    action={`/admin/catalogs/${cat.id}/move`}
                    target="#catalog-list"
                    csrfToken={props.csrfToken}
                    name={cat.name}
                    first={i === 0}
                    last={i === props.catalogs.length - 1}
                  />
                )}
              </td>
              <td>
                <a href={`/admin/catalogs/${cat.id}`}>{cat.name}</a>
              </td>
              <td>
                <code>{cat.slug}</code>
              </td>
              <td>
                <a href={`/admin/packages?catalog=${cat.id}`}>{cat.packageCount}</a>
              </td>
              <td>{cat.hidden ? <span class="badge muted">hidden</span> : <span class="badge ok">shown</span>}</td>
              <td class="nowrap">
                {props.canWrite && (
                  <>
                    <form
                      method="post"
                      action={`/admin/catalogs/${cat.id}/visibility`}
                      class="inline"
                      hx-post={`/admin/catalogs/${cat.id}/visibility`}
                      hx-target="#catalog-list"
                      hx-swap="outerHTML"
                    >
                      <Csrf token={props.csrfToken} />
                      <input type="hidden" name="hidden" value={cat.hidden ? '0' : '1'} />
                      <button class="small">{cat.hidden ? 'Show' : 'Hide'}</button>
                    </form>{' '}
                    <form
                      method="post"
                      action={`/admin/catalogs/${cat.id}/delete`}
                      class="inline"
                      hx-post={`/admin/catalogs/${cat.id}/delete`}
                      hx-target="#catalog-list"
                      hx-swap="outerHTML"
                      hx-confirm={`Delete the catalog "${cat.name}"?`}
                    >
                      <Csrf token={props.csrfToken} />
                      <button class="small danger">Delete</button>
                    </form>
                  </>
                )}
              </td>
            </tr>
          ))}
          {props.catalogs.length === 0 && (
            <tr>
              <td colspan={6} class="empty">
                No catalogs yet. Create the first one below.
              </td>
            </tr>
          )}
        </tbody>
      </table>
    </div>
  );
}

export function CatalogsPage(
  props: PageProps & { catalogs: CatalogView[]; canWrite: boolean; values?: Partial<CatalogView>; errors?: Errors; listErrors?: Errors },
) {
  return (
    <AdminLayout {...props} title="Catalogs" active="catalogs">
      <h1>Catalogs</h1>
      <p class="lead">Every package belongs to one catalog. The order here is the storefront's order.</p>
      <CatalogList catalogs={props.catalogs} csrfToken={props.csrfToken ?? null} canWrite={props.canWrite} errors={props.listErrors} />
      {props.canWrite && (
        <section class="card">
          <h2>New catalog</h2>
          <CatalogForm
            csrfToken={props.csrfToken ?? null}
            action="/admin/catalogs"
            values={props.values}
            errors={props.errors}
            submit="Create catalog"
          />
        </section>
      )}
    </AdminLayout>
  );
}

export function CatalogEditPage(
  props: PageProps & { catalog: CatalogView; values?: Partial<CatalogView>; errors?: Errors; canWrite: boolean },
) {
  return (
    <AdminLayout {...props} title={props.catalog.name} active="catalogs">
      <p class="crumbs">
        <a href="/admin/catalogs">Catalogs</a> /
      </p>
      <h1>{props.catalog.name}</h1>
      <section class="card">
        {props.canWrite ? (
          <CatalogForm
            csrfToken={props.csrfToken ?? null}
            action={`/admin/catalogs/${props.catalog.id}`}
            values={props.values ?? props.catalog}
            errors={props.errors}
            submit="Save catalog"
          />
        ) : (
          <dl>
            <dt>Slug</dt>
            <dd>{props.catalog.slug}</dd>
            <dt>Description</dt>
            <dd>{props.catalog.description || '—'}</dd>
          </dl>
        )}
      </section>
    </AdminLayout>
  );
}
