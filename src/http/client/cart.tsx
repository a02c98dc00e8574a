import { Hono, type Context } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { CartPage, CartSummary, type SentQuantity } from '../../../views/store/cart.tsx';
import { setCartCoupon } from '../../modules/store/set-cart-coupon.ts';
import { isHtmx } from '../form.ts';
import { addToCart } from '../../modules/store/add-to-cart.ts';
import { removeCartLine, setCartQuantity } from '../../modules/store/change-cart.ts';
import { checkOutCart } from '../../modules/store/check-out-cart.ts';
import { loadCart } from '../../modules/store/load-cart.ts';
import { CART_DAYS } from '../../modules/store/purge-stale-carts.ts';
import { NotFound } from '../../modules/shared/errors.ts';
import { clientCsrf, loadClientSession } from '../middleware/client-session.ts';
import { originCheck } from '../middleware/csrf.ts';
import { attempt, parseId, type Errors } from '../respond.ts';
import type { Env } from '../types.ts';
import { onClientError } from './errors.tsx';
import { formInput } from './form-input.ts';
import { privatePage } from './public-page.ts';

/** The cart cookie: a random token whose hash names the cart, kept CART_DAYS, whoever signs in. */
export const CART_COOKIE = 'hb_cart';

const tokenOf = (c: Context<Env>) => getCookie(c, CART_COOKIE);

function keepCart(c: Context<Env>, token: string) {
  const secure =
    c.var.deps.config.SECURE_COOKIES === 'auto'
      ? new URL(c.req.url).protocol === 'https:' || c.req.header('x-forwarded-proto') === 'https'
      : c.var.deps.config.SECURE_COOKIES === 'true';
  setCookie(c, CART_COOKIE, token, { httpOnly: true, sameSite: 'Lax', secure, path: '/', maxAge: CART_DAYS * 86_400 });
}

async function cartPage(c: Context<Env>, errors?: Errors, status: 200 | 409 | 422 = 200, sent?: SentQuantity) {
  privatePage(c);
  const cart = await loadCart(c.var.em, tokenOf(c), c.var.client?.id ?? null, c.var.now);
  return c.html(<CartPage client={c.var.client} csrfToken={c.var.csrfToken} cart={cart} errors={errors} sent={sent} />, status);
}

/** Adding to the cart from a package page (mounted under /store): the cart cookie is set on the first line. */
export async function addToCartRoute(
  c: Context<Env>,
  packagePage: (form: Record<string, string | string[]>, errors: Errors) => Promise<Response>,
) {
  const { form, errors } = await formInput(c);
  const result = errors
    ? { ok: false as const, errors }
    : await attempt(() =>
        addToCart(c.var.em, { token: tokenOf(c), slug: c.req.param('slug') ?? '', clientId: c.var.client?.id ?? null, form }, c.var.now),
      );
  if (!result.ok) return packagePage(form, result.errors);
  keepCart(c, result.value.token);
  return c.redirect('/cart', 303);
}

/** The cart at /cart: open to visitors; checking out needs an account, and comes back here after. */
export const cartRoutes = new Hono<Env>()
  .use('*', originCheck, loadClientSession, clientCsrf)
  .get('/', (c) => cartPage(c))
  .post('/lines/:id', async (c) => {
    const { form, errors } = await formInput(c);
    const id = parseId(c.req.param('id'));
    const result = errors
      ? { ok: false as const, errors, status: 422 as const }
      : await attempt(() => setCartQuantity(c.var.em, tokenOf(c), id, form.quantity, c.var.now));
    if (result.ok) return c.redirect('/cart', 303);
    return cartPage(c, result.errors, result.status, {
      lineId: id,
      value: typeof form.quantity === 'string' ? form.quantity.slice(0, 20) : '',
    });
  })
  .post('/lines/:id/remove', async (c) => {
    await removeCartLine(c.var.em, tokenOf(c), parseId(c.req.param('id')), c.var.now);
    return c.redirect('/cart', 303);
  })
  // A coupon code for the cart: its summary again for htmx, the whole page without JavaScript.
  .post('/coupon', async (c) => {
    const { form, errors } = await formInput(c);
    if (errors) return cartPage(c, errors, 422);
    privatePage(c);
    const result = await attempt(() =>
      setCartCoupon(c.var.em, { token: tokenOf(c), clientId: c.var.client?.id ?? null, code: form.couponCode }, c.var.now),
    );
    if (!result.ok) return cartPage(c, result.errors, result.status);
    const cart = result.value;
    const status = cart.errors.couponCode ? 422 : 200;
    if (isHtmx(c)) return c.html(<CartSummary cart={cart} csrfToken={c.var.csrfToken} signedIn={!!c.var.client} />, status);
    return c.html(<CartPage client={c.var.client} csrfToken={c.var.csrfToken} cart={cart} />, status);
  })
  .post('/checkout', async (c) => {
    if (!c.var.client) return c.redirect(`/account/sign-in?next=${encodeURIComponent('/cart')}`, 303);
    const { form, errors } = await formInput(c);
    const result = errors
      ? { ok: false as const, errors, status: 422 as const }
      : await attempt(() =>
          checkOutCart(c.var.em, { token: tokenOf(c), clientId: c.var.client!.id, expectedTotal: form.expectedTotal }, c.var.now),
        );
    if (result.ok) return c.redirect(`/account/invoices/${result.value.invoiceId}`, 303);
    return cartPage(c, result.errors, result.status);
  })
  // A page a refused form answered with, reloaded (its address is the form's): the cart.
  .get('/lines/*', (c) => c.redirect('/cart', 303))
  .get('/coupon', (c) => c.redirect('/cart', 303))
  .get('/checkout', (c) => c.redirect('/cart', 303))
  .all('*', () => {
    throw new NotFound('That page');
  });
cartRoutes.onError(onClientError);
