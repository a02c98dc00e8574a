import type { Child } from 'hono/jsx';
import { raw } from 'hono/html';
import { DocumentHead } from './head.tsx';
import { MAIN_NAV_ID, MenuToggle } from '../components/menu-toggle.tsx';

export interface LayoutProps {
  title: string;
  staff?: { name: string; role: string } | null;
  csrfToken?: string | null;
  active?:
    | 'home'
    | 'reports'
    | 'audit'
    | 'packages'
    | 'catalogs'
    | 'addons'
    | 'coupons'
    | 'clients'
    | 'orders'
    | 'invoices'
    | 'services'
    | 'billing'
    | 'work'
    | 'plugins'
    | 'payments'
    | 'settings'
    | 'staff'
    | 'inbox';
  /** The built-in mail inbox is where mail goes (no SMTP_URL outside production): the menu links to it. */
  inbox?: boolean;
  flash?: string | null;
  children?: Child;
}

const NAV = [
  ['home', '/admin', 'Home'],
  ['packages', '/admin/packages', 'Packages'],
  ['catalogs', '/admin/catalogs', 'Catalogs'],
  ['addons', '/admin/addon-groups', 'Add-ons'],
  ['coupons', '/admin/coupons', 'Coupons'],
  ['clients', '/admin/clients', 'Clients'],
  ['orders', '/admin/orders', 'Orders'],
  ['invoices', '/admin/invoices', 'Invoices'],
  ['services', '/admin/services', 'Services'],
  ['billing', '/admin/billing', 'Billing'],
  ['reports', '/admin/reports', 'Reports'],
  ['work', '/admin/work', 'Jobs'],
  ['payments', '/admin/payments', 'Payments'],
  ['settings', '/admin/settings', 'Settings'],
] as const;

/** Set up once and looked at now and then: behind "More", so the menu stays one line at 1280 px. */
const MORE = [
  ['plugins', '/admin/plugins', 'Provisioning'],
  ['audit', '/admin/audit', 'Audit'],
  ['staff', '/admin/staff', 'Staff'],
  ['inbox', '/admin/inbox', 'Mail inbox'],
] as const;

/** What every page receives from the request: who is signed in, and the CSRF token. */
export type PageProps = Pick<LayoutProps, 'staff' | 'csrfToken' | 'flash' | 'inbox'>;

export function AdminLayout(props: LayoutProps) {
  const headers = props.csrfToken ? JSON.stringify({ 'X-CSRF-Token': props.csrfToken }) : undefined;
  return (
    <>
      {raw('<!doctype html>')}
      <html lang="en">
        {/* NOTE: on every admin page, since boosted navigation never loads a new head; it loads the editor itself only where a page has a rich text field. */}
        <DocumentHead title={`${props.title} · Hostbill admin`} scripts={['rich-text.js', 'charts.js']} />
        <body hx-headers={headers}>
          <a class="skip" href="#main">
            Skip to content
          </a>
          <header class="topbar">
            <a class="brand" href="/admin">
              Hostbill
            </a>
            {props.staff && <MenuToggle label="Menu" />}
            {props.staff && (
              <nav id={MAIN_NAV_ID} aria-label="Main" hx-boost="true">
                {NAV.map(([key, href, label]) => (
                  <a href={href} aria-current={props.active === key ? 'page' : undefined}>
                    {label}
                  </a>
                ))}
                {/* NOTE: a <details>, so it opens without JavaScript too. */}
                <details class="more">
                  <summary class={MORE.some(([key]) => key === props.active) ? 'current' : undefined}>More</summary>
                  <div class="more-links">
                    {MORE.filter(([key]) => (key !== 'staff' || props.staff?.role === 'owner') && (key !== 'inbox' || props.inbox)).map(
                      ([key, href, label]) => (
                        <a href={href} aria-current={props.active === key ? 'page' : undefined}>
                          {label}
                        </a>
                      ),
                    )}
                  </div>
                </details>
              </nav>
            )}
            {props.staff && (
              <form class="whoami" method="post" action="/admin/sign-out">
                <input type="hidden" name="_csrf" value={props.csrfToken ?? ''} />
                <span>
                  <a href="/admin/account" title="Your account">
                    {props.staff.name}
                  </a>{' '}
                  <span class="badge">{props.staff.role}</span>
                </span>
                <button type="submit" class="link">
                  Sign out
                </button>
              </form>
            )}
          </header>
          <main id="main">
            {props.flash && (
              <div class="notice ok" role="status">
                {props.flash}
              </div>
            )}
            {props.children}
          </main>
          <div id="toast" class="toast" role="alert" aria-live="assertive" hidden></div>
        </body>
      </html>
    </>
  );
}
