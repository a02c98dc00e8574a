import type { PageProps } from '../../layouts/admin.tsx';
import { Csrf } from '../../components/form.tsx';
import { AdminLayout } from '../../layouts/admin.tsx';

/** Without JavaScript, deleting goes through this page; with it, the same page is the confirmation. */
export function DeletePackagePage(props: PageProps & { pkg: { id: number; name: string; status: string }; refusal?: string }) {
  const base = `/admin/packages/${props.pkg.id}`;
  return (
    <AdminLayout {...props} title={`Delete ${props.pkg.name}`} active="packages">
      <section class="card narrow">
        <h1>Delete "{props.pkg.name}"?</h1>
        {props.refusal ? (
          <>
            <div class="notice error" role="alert">
              {props.refusal}
            </div>
            {props.pkg.status !== 'inactive' ? (
              <form method="post" action={`${base}/deactivate`} class="row-actions">
                <Csrf token={props.csrfToken ?? null} />
                <button type="submit" class="primary">
                  Set it inactive
                </button>
                <a class="button" href={base}>
                  Keep it as it is
                </a>
              </form>
            ) : (
              <p>
                It is already inactive. <a href={base}>Back to the package</a>
              </p>
            )}
          </>
        ) : (
          <form method="post" action={`${base}/delete`}>
            <Csrf token={props.csrfToken ?? null} />
            <p>This removes the package with its prices, variants, translations and welcome emails. It cannot be undone.</p>
            <button type="submit" class="danger">
              Delete package
            </button>{' '}
            <a href={base}>Cancel</a>
          </form>
        )}
      </section>
    </AdminLayout>
  );
}
