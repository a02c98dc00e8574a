import type { Child } from 'hono/jsx';
import { raw } from 'hono/html';
import { MAIN_NAV_ID, MenuToggle } from '../components/menu-toggle.tsx';
import { DocumentHead } from '../layouts/head.tsx';
import { currentLanguage, t } from '../../src/i18n/locale.ts';

export type ClientNav = 'store' | 'cart' | 'dashboard' | 'services' | 'invoices' | 'orders' | 'messages' | 'cards' | 'profile';

export interface ClientLayoutProps {
  title: string;
  client?: { name: string } | null;
  csrfToken?: string | null;
  active?: ClientNav;
  flash?: string | null;
  children?: Child;
}

/** What every client page receives from the request: who is signed in, and the CSRF token. */
export type ClientPageProps = Pick<ClientLayoutProps, 'client' | 'csrfToken' | 'flash'>;

const NAV = [
  ['dashboard', '/account'],
  ['services', '/account/services'],
  ['invoices', '/account/invoices'],
  ['orders', '/account/orders'],
  ['messages', '/account/messages'],
  ['cards', '/account/cards'],
  ['profile', '/account/profile'],
] as const;

export function ClientLayout(props: ClientLayoutProps) {
  const headers = props.csrfToken ? JSON.stringify({ 'X-CSRF-Token': props.csrfToken }) : undefined;
  return (
    <>
      {raw('<!doctype html>')}
      <html lang={currentLanguage()}>
        <DocumentHead title={`${props.title} · Hostbill`} />
        <body hx-headers={headers}>
          <a class="skip" href="#main">
            {t('client:layout.skip')}
          </a>
          <header class="topbar">
            <a class="brand" href={props.client ? '/account' : '/store'}>
              Hostbill
            </a>
            <MenuToggle label={t('client:nav.menu')} />
            <nav id={MAIN_NAV_ID} aria-label={t('client:nav.label')}>
              <a href="/store" aria-current={props.active === 'store' ? 'page' : undefined}>
                {t('client:nav.store')}
              </a>
              <a href="/cart" aria-current={props.active === 'cart' ? 'page' : undefined}>
                {t('client:nav.cart')}
              </a>
              {props.client &&
                NAV.map(([key, href]) => (
                  <a href={href} aria-current={props.active === key ? 'page' : undefined}>
                    {t(`client:nav.${key}`)}
                  </a>
                ))}
            </nav>
            {props.client ? (
              <form class="whoami" method="post" action="/account/sign-out">
                <input type="hidden" name="_csrf" value={props.csrfToken ?? ''} />
                <span title={props.client.name}>{props.client.name}</span>
                <button type="submit" class="link">
                  {t('client:layout.signOut')}
                </button>
              </form>
            ) : (
              <div class="whoami">
                <a class="link" href="/account/sign-in">
                  {t('client:layout.signIn')}
                </a>
                <a class="link" href="/account/sign-up">
                  {t('client:layout.signUp')}
                </a>
              </div>
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
