import { raw } from 'hono/html';
import type { StorePreview } from '../../src/modules/store/preview-store-order.ts';
import { ClientLayout, type ClientPageProps } from '../client/layout.tsx';
import { Csrf, Notice } from '../components/form.tsx';
import { OrderChoices } from './_choices.tsx';
import { OrderSummary } from './_summary.tsx';
import { CouponField } from '../components/coupon-field.tsx';
import { ExpectedTotal } from '../components/expected-total.tsx';
import { t } from '../../src/i18n/locale.ts';

function OrderForm(props: StorePreview & { csrfToken: string | null; requestKey?: string }) {
  const { page } = props;
  const soldOut = page.left === 0;
  return (
    <form
      id="order-form"
      method="post"
      action={`/store/${page.slug}/order`}
      hx-post={`/store/${page.slug}/quote`}
      hx-trigger="change"
      hx-target="#summary"
      hx-swap="outerHTML"
      class="stack"
    >
      <Csrf token={props.csrfToken} />
      {/* Sent twice (a double click without JavaScript), one order is placed. */}
      {props.requestKey && <input type="hidden" name="requestKey" value={props.requestKey} />}
      <OrderChoices page={page} choice={props.choice} errors={props.errors} addons={props.addons} addonChoice={props.addonChoice} />
      {/* NOTE: before the order buttons, so Enter in a field applies the code (updates the price) rather than ordering. */}
      <CouponField
        code={props.couponCode}
        error={props.errors.couponCode}
        coupon={props.coupon}
        currency={page.currency}
        action={`/store/${page.slug}/quote`}
        target="#summary"
      />
      <OrderSummary quote={props.quote} order={props.order} currency={page.currency} coupon={props.coupon} />
      <ExpectedTotal total={(props.order ?? props.quote)?.total ?? null} />
      <noscript>
        <button type="submit" formaction={`/store/${page.slug}/quote`}>
          {t('store:package.updatePrice')}
        </button>
      </noscript>
      {soldOut ? (
        <Notice kind="warn">{t('store:package.soldOut')}</Notice>
      ) : (
        <div class="row-actions">
          <button type="submit" class="primary" id="order-now">
            {t('store:package.orderNow')}
          </button>
          <button type="submit" id="add-to-cart" formaction={`/store/${page.slug}/cart`}>
            {t('store:package.addToCart')}
          </button>
          {!props.signedIn && <span class="muted small">{t('store:package.signInFirst')}</span>}
        </div>
      )}
    </form>
  );
}

/** A package's store page: its description, and the order form with a live price summary. */
/** `requestKey`: the order form's (for a signed-in client; never on a page cached for visitors). */
export function StorePackagePage(props: ClientPageProps & StorePreview & { requestKey?: string }) {
  const { page } = props;
  return (
    <ClientLayout {...props} title={page.name} active="store">
      <p class="crumbs">
        <a href="/store">{t('store:package.crumb')}</a> / {page.catalogName}
      </p>
      <div class="store-head">
        {page.iconUrl ? (
          <img src={page.iconUrl} alt="" width={56} height={56} />
        ) : (
          <span class="store-icon" aria-hidden="true">
            {page.name.slice(0, 1)}
          </span>
        )}
        <h1>{page.name}</h1>
        {page.status === 'restricted' && <span class="badge warn">{t('store:package.restricted')}</span>}
        {page.left !== null && page.left > 0 && <span class="badge warn">{t('store:stock.left', { count: page.left })}</span>}
      </div>
      <div class="split store-split">
        <section class="card" aria-label={t('store:package.about')}>
          {/* NOTE: sanitized on save (no scripts, handlers or hx-* attributes); hx-disable keeps htmx out all the same. */}
          <div class="store-description" hx-disable>
            {page.description ? raw(page.description) : <p>{t('store:package.noDescription')}</p>}
          </div>
        </section>
        <section class="card" aria-labelledby="order-title">
          <h2 id="order-title">{t('store:package.order')}</h2>
          {page.unavailable ? (
            <Notice kind="warn">{t('store:package.unavailable', { reason: page.unavailable })}</Notice>
          ) : page.prices.length === 0 ? (
            <Notice kind="warn">{t('store:package.noPriceIn', { currency: page.currency.code })}</Notice>
          ) : (
            <OrderForm {...props} csrfToken={props.csrfToken ?? null} />
          )}
        </section>
      </div>
    </ClientLayout>
  );
}
