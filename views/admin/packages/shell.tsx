import type { Child } from 'hono/jsx';
import { AdminLayout, type PageProps } from '../../layouts/admin.tsx';

export const PACKAGE_TABS = [
  ['summary', '', 'Summary'],
  ['pricing', '/pricing', 'Pricing'],
  ['variants', '/variants', 'Options'],
  ['provisioning', '/provisioning', 'Provisioning'],
  ['scaling', '/scaling', 'Scaling'],
  ['addons', '/addons', 'Add-ons'],
  ['email', '/email', 'Welcome email'],
  ['translations', '/translations', 'Languages'],
] as const;
export type PackageTab = (typeof PACKAGE_TABS)[number][0];

/** The package editor's frame: title, status, actions and the tab bar. */
export function PackageShell(
  props: PageProps & {
    pkg: { id: number; name: string; slug: string; status: string };
    tab: PackageTab;
    canWrite: boolean;
    children?: Child;
  },
) {
  const base = `/admin/packages/${props.pkg.id}`;
  return (
    <AdminLayout {...props} title={`${props.pkg.name} · ${PACKAGE_TABS.find((t) => t[0] === props.tab)?.[2]}`} active="packages">
      <p class="crumbs">
        <a href="/admin/packages">Packages</a> /
      </p>
      <div class="heading">
        <h1>
          {props.pkg.name} <span class={`badge status-${props.pkg.status}`}>{props.pkg.status}</span>
        </h1>
        {props.canWrite && (
          <div class="actions">
            <form method="post" action={`${base}/duplicate`} class="inline">
              <input type="hidden" name="_csrf" value={props.csrfToken ?? ''} />
              <button type="submit">Duplicate</button>
            </form>
            <a class="button danger" href={`${base}/delete`}>
              Delete…
            </a>
          </div>
        )}
      </div>
      <nav class="tabs" aria-label="Package sections" hx-boost="true">
        {PACKAGE_TABS.map(([key, path, label]) => (
          <a href={`${base}${path}`} aria-current={props.tab === key ? 'page' : undefined}>
            {label}
          </a>
        ))}
      </nav>
      <section class="card tab-body">{props.children}</section>
    </AdminLayout>
  );
}
