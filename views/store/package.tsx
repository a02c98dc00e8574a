import { raw } from 'hono/html';
import type { StorePreview } from '../../src/modules/store/preview-store-order.ts';
import { ClientLayout, type ClientPageProps } from '../client/layout.tsx';
import { Csrf, Notice } from '../components/form.tsx';
import { OrderChoices } from './_choices.tsx';
import { OrderSummary } from './_summary.tsx';
import { CouponField } from '../components/coupon-field.tsx';

function OrderForm(props: StorePreview & { csrfToken: string | null }) {
  const { page } = props;
  const soldOut = page.left === 0;
  return (
    <form id="order-form" method="post" action={`/store/${page.slug}/order`} hx-post={`/store/${page.slug}/quote`} hx-trigger="change" hx-target="#summary" hx-swap="outerHTML" class="stack">
      <Csrf token={props.csrfToken} />
      <OrderChoices page={page} choice={props.choice} errors={props.errors} addons={props.addons} addonChoice={props.addonChoice} />
      {/* NOTE: before the order buttons, so Enter in a field applies the code (updates the price) rather than ordering. */}
      <CouponField code={props.couponCode} error={props.errors.couponCode} coupon={props.coupon} currency={page.currency} action={`/store/${page.slug}/quote`} target="#summary" />
      <OrderSummary quote={props.quote} order={props.order} currency={page.currency} coupon={props.coupon} />
      <noscript>
        <button type="submit" formaction={`/store/${page.slug}/quote`}>
          Update price
        </button>
      </noscript>
      {soldOut ? (
        <Notice kind="warn">Sold out. Please check back later.</Notice>
      ) : (
        <div class="row-actions">
          <button type="submit" class="primary" id="order-now">
            Order now
          </button>
          <button type="submit" id="add-to-cart" formaction={`/store/${page.slug}/cart`}>
            Add to cart
          </button>
          {!props.signedIn && <span class="muted small">You will be asked to sign in or create an account first.</span>}
        </div>
      )}
    </form>
  );
}

/** A package's store page: its description, and the order form with a live price summary. */
export function StorePackagePage(props: ClientPageProps & StorePreview) {
  const { page } = props;
  return (
    <ClientLayout {...props} title={page.name} active="store">
      <p class="crumbs">
        <a href="/store">Store</a> / {page.catalogName}
      </p>
      <div class="store-head">
        {page.iconUrl ? <img src={page.iconUrl} alt="" width={56} height={56} /> : <span class="store-icon" aria-hidden="true">{page.name.slice(0, 1)}</span>}
        <h1>{page.name}</h1>
        {page.status === 'restricted' && <span class="badge warn">Offered to your account</span>}
        {page.left !== null && page.left > 0 && <span class="badge warn">{page.left} left</span>}
      </div>
      <div class="split store-split">
        <section class="card" aria-label="About this package">
          {/* NOTE: sanitized on save (no scripts, handlers or hx-* attributes); hx-disable keeps htmx out all the same. */}
          <div class="store-description" hx-disable>
            {raw(page.description || '<p>No description yet.</p>')}
          </div>
        </section>
        <section class="card" aria-labelledby="order-title">
          <h2 id="order-title">Order</h2>
          {page.unavailable ? (
            <Notice kind="warn">{page.unavailable} Services already running keep running.</Notice>
          ) : page.prices.length === 0 ? (
            <Notice kind="warn">This package cannot be ordered in {page.currency.code} yet.</Notice>
          ) : (
            <OrderForm {...props} csrfToken={props.csrfToken ?? null} />
          )}
        </section>
      </div>
    </ClientLayout>
  );
}
