import type { CartView } from '../../src/modules/store/load-cart.ts';
import { ClientLayout, type ClientPageProps } from '../client/layout.tsx';
import { Csrf, FormErrors, Notice, type Errors } from '../components/form.tsx';
import { ChargesTable } from '../components/charges-table.tsx';
import { CouponField } from '../components/coupon-field.tsx';
import { t, tm } from '../../src/i18n/locale.ts';

/** NOTE: two columns, the billing and the Remove button under the package's name, so the lines fit a phone in German too. */
function CartLines(props: { cart: CartView; csrfToken: string | null; errors: Errors; sent?: SentQuantity }) {
  return (
    <table class="table cart-lines">
      <caption class="sr-only">{t('store:cart.title')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('store:cart.package')}</th>
          <th scope="col">{t('store:cart.quantity')}</th>
        </tr>
      </thead>
      <tbody>
        {props.cart.lines.map((l) => {
          const error = props.errors[`quantity-${l.id}`];
          // A refusal of the line itself (sold out, no longer offered), under its name.
          const lineError = props.errors[`line-${l.id}`];
          // An add-on's quantity is per unit of its package: with 3 of those, its 1 is 3 in the summary.
          const parent = l.parentId === null ? undefined : props.cart.lines.find((x) => x.id === l.parentId);
          return (
            <tr id={`cart-line-${l.id}`} class={l.parentId ? 'addon-line' : undefined}>
              <td>
                {l.parentId && <span aria-label={t('store:cart.addonOf')}>↳ </span>}
                <a href={`/store/${l.slug}`}>{l.packageName}</a>
                <div class="muted small">
                  <span class="sr-only">{t('store:cart.billing')}: </span>
                  {l.priceName}
                </div>
                {lineError && (
                  <p class="error" id={`line-${l.id}-error`} role="alert">
                    {tm(lineError)}
                  </p>
                )}
                <form method="post" action={`/cart/lines/${l.id}/remove`} hx-boost="true">
                  <Csrf token={props.csrfToken} />
                  <button type="submit" class="small link" aria-label={t('store:cart.removeLabel', { name: l.packageName })}>
                    {t('store:cart.remove')}
                  </button>
                </form>
              </td>
              <td>
                {l.allowQuantity ? (
                  <form method="post" action={`/cart/lines/${l.id}`} class="inline" hx-boost="true">
                    <Csrf token={props.csrfToken} />
                    <label class="sr-only" for={`q-${l.id}`}>
                      {t('store:cart.quantityOf', { name: l.packageName })}
                    </label>
                    <input
                      id={`q-${l.id}`}
                      name="quantity"
                      type="number"
                      min={1}
                      max={100}
                      value={props.sent?.lineId === l.id ? props.sent.value : String(l.quantity)}
                      class="qty"
                      aria-invalid={error ? 'true' : undefined}
                      aria-describedby={error ? `q-${l.id}-error` : undefined}
                    />{' '}
                    <button type="submit" class="small">
                      {t('store:cart.update')}
                    </button>
                    {error && (
                      <p class="error" id={`q-${l.id}-error`} role="alert">
                        {tm(error)}
                      </p>
                    )}
                  </form>
                ) : (
                  l.quantity
                )}
                {parent && parent.quantity > 1 && (
                  <p class="hint">{t('store:cart.perParent', { package: parent.packageName, count: l.quantity * parent.quantity })}</p>
                )}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function CartCharges(props: { cart: CartView }) {
  const q = props.cart.quote;
  if (!q) return <p class="muted">{t('store:cart.fixLines')}</p>;
  return (
    <ChargesTable
      caption={t('store:cart.invoiceHolds')}
      heading={t('store:summary.item')}
      charges={q.charges}
      currency={q.currency}
      minorUnits={props.cart.currency.minorUnits}
      totals={q}
      totalLabel={t('store:summary.totalDueToday')}
      totalId="cart-total"
    />
  );
}

/**
 * The cart's price, its coupon code and the checkout button: the cart page shows it, and the
 * coupon route swaps it whole (the total to confirm changes with the code).
 */
export function CartSummary(props: { cart: CartView; csrfToken: string | null; signedIn: boolean; errors?: Errors }) {
  const { cart } = props;
  const token = props.csrfToken;
  return (
    <section class="card" id="cart-summary" aria-labelledby="cart-summary-title">
      <h2 id="cart-summary-title">{t('store:summary.title')}</h2>
      <form method="post" action="/cart/coupon" class="stack">
        <Csrf token={token} />
        <CouponField
          code={cart.couponCode ?? ''}
          error={props.errors?.couponCode ?? cart.errors.couponCode}
          coupon={cart.coupon}
          currency={cart.currency}
          action="/cart/coupon"
          target="#cart-summary"
        />
        {cart.couponCode && !props.errors?.couponCode && (
          <button
            type="submit"
            class="small link"
            name="couponCode"
            value=""
            formaction="/cart/coupon"
            hx-post="/cart/coupon"
            hx-target="#cart-summary"
            hx-swap="outerHTML"
          >
            {t('store:coupon.remove')}
          </button>
        )}
      </form>
      <CartCharges cart={cart} />
      {!props.signedIn && <p class="muted small">{t('store:cart.beforeTaxSignIn')}</p>}
      <form method="post" action="/cart/checkout" class="row-actions">
        <Csrf token={token} />
        <input type="hidden" name="expectedTotal" value={cart.quote?.total ?? ''} />
        <button type="submit" class="primary" id="check-out" disabled={!cart.quote}>
          {t('store:cart.checkOut')}
        </button>
      </form>
    </section>
  );
}

/** A line's quantity as a refused update sent it, shown again in its field. */
export interface SentQuantity {
  lineId: number;
  value: string;
}

/** The cart: its lines (add-ons under their package), one price for all of it, and one checkout. */
export function CartPage(props: ClientPageProps & { cart: CartView; errors?: Errors; sent?: SentQuantity }) {
  const { cart } = props;
  const errors = { ...cart.errors, ...props.errors };
  const token = props.csrfToken ?? null;
  return (
    <ClientLayout {...props} title={t('store:cart.title')} active="cart">
      <h1>{t('store:cart.title')}</h1>
      <FormErrors errors={errors} known={['couponCode', ...cart.lines.flatMap((l) => [`quantity-${l.id}`, `line-${l.id}`])]} />
      {/* Said at the top too: a checkout refused for a line lands back here, its reason under that line.
          A refused change of a quantity (sent) left the cart as it was: only its field says why. */}
      {cart.lines.some((l) => {
        const said = props.sent ? cart.errors : errors;
        return said[`quantity-${l.id}`] || said[`line-${l.id}`];
      }) && <Notice kind="error">{t('store:cart.linesRefused')}</Notice>}
      {!cart.lines.length ? (
        <Notice kind="info">
          {t('store:cart.empty')} <a href="/store">{t('store:cart.browse')}</a>.
        </Notice>
      ) : (
        <div class="split">
          <section class="card" aria-label={t('store:cart.lines')}>
            <CartLines cart={cart} csrfToken={token} errors={errors} sent={props.sent} />
            <p>
              <a href="/store">{t('store:cart.addMore')}</a>
            </p>
          </section>
          <CartSummary cart={cart} csrfToken={token} signedIn={!!props.client} errors={errors} />
        </div>
      )}
    </ClientLayout>
  );
}
