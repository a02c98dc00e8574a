import { randomUUID } from 'node:crypto';
import { currentLanguage } from '../../i18n/locale.ts';
import { Hono, type Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { JSXNode } from 'hono/jsx';
import type { JSX } from 'hono/jsx/jsx-runtime';
import { StorePage } from '../../../views/store/index.tsx';
import { StorePackagePage } from '../../../views/store/package.tsx';
import { OrderChoices } from '../../../views/store/_choices.tsx';
import { OrderSummary } from '../../../views/store/_summary.tsx';
import { CouponField } from '../../../views/components/coupon-field.tsx';
import { ExpectedTotal } from '../../../views/components/expected-total.tsx';
import { NotFound } from '../../modules/shared/errors.ts';
import { listStore } from '../../modules/store/list-store.ts';
import { placeStoreOrder } from '../../modules/store/place-store-order.ts';
import { previewStoreOrder } from '../../modules/store/preview-store-order.ts';
import { isHtmx } from '../form.ts';
import { clientCsrf, loadClientSession } from '../middleware/client-session.ts';
import { originCheck } from '../middleware/csrf.ts';
import { attempt, type Errors } from '../respond.ts';
import type { Env } from '../types.ts';
import { onClientError } from './errors.tsx';
import { formInput, type Fields } from './form-input.ts';
import { privatePage, publicPage, storePageKey } from './public-page.ts';
import { storePageTags } from '../../modules/store/store-tags.ts';
import { addToCartRoute } from './cart.tsx';
import { choicesIn, withChoices } from './choice-query.ts';

const who = (c: Context<Env>) => ({ client: c.var.client, csrfToken: c.var.csrfToken });
const viewer = (c: Context<Env>) => c.var.client?.id ?? null;

async function packagePage(c: Context<Env>, form?: Fields, errors?: Errors, status: 200 | 422 = 200) {
  const preview = await previewStoreOrder(c.var.em, { slug: c.req.param('slug') ?? '', clientId: viewer(c), form, errors }, c.var.now);
  return c.html(<StorePackagePage {...who(c)} {...preview} requestKey={orderFormKey(c, form)} />, status);
}

/** The order form's key: the one it was posted with (a refusal shows the same form again), else a new one; none for visitors. */
const orderFormKey = (c: Context<Env>, form?: Fields) =>
  c.var.client ? (typeof form?.requestKey === 'string' && KEY.test(form.requestKey) && form.requestKey) || randomUUID() : undefined;
const KEY = /^[A-Za-z0-9_-]{8,64}$/;

/** Visitors may browse and price; ordering needs an account, and they come back here after, to what they chose. */
const signInToOrder = createMiddleware<Env>(async (c, next) => {
  if (c.var.client) return next();
  const { form } = await formInput(c);
  const to = `/account/sign-in?next=${encodeURIComponent(withChoices(`/store/${c.req.param('slug') ?? ''}`, form))}`;
  if (c.req.header('hx-request') === 'true') return c.body(null, 401, { 'HX-Redirect': to });
  return c.redirect(to, 303);
});

/** A page as HTML. Hono types an element as the HTML it renders to, but the element is a node whose
 *  toString() renders it: a string, or a promise of one when a component is async. */
const renderHtml = (page: JSX.Element): Promise<string> => Promise.resolve((page as unknown as JSXNode).toString());

/** The storefront under /store: open to visitors, with the client session when there is one. */
export const storeRoutes = new Hono<Env>()
  .use('*', originCheck, loadClientSession, clientCsrf)
  .get('/', async (c) => {
    if (c.var.client) {
      privatePage(c);
      return c.html(<StorePage {...who(c)} listing={await listStore(c.var.em, viewer(c), c.var.now)} />);
    }
    return publicPage(c, storePageKey(c.var.now, currentLanguage()), async () => {
      const listing = await listStore(c.var.em, null, c.var.now);
      const html = await renderHtml(<StorePage {...who(c)} listing={listing} />);
      return { html, tags: storePageTags(listing.catalogs.flatMap((cat) => cat.packages)) };
    });
  })
  .get('/:slug', async (c) => {
    if (c.var.client) {
      privatePage(c);
      // Back from signing in to order: the choices they made as a visitor (choicesIn).
      return packagePage(c, choicesIn(c));
    }
    // NOTE: the day is in the key because a pro-rata first invoice is priced from today.
    return publicPage(c, storePageKey(c.var.now, currentLanguage(), c.req.param('slug')), async () => {
      const preview = await previewStoreOrder(c.var.em, { slug: c.req.param('slug'), clientId: null }, c.var.now);
      const html = await renderHtml(<StorePackagePage {...who(c)} {...preview} />);
      return { html, tags: storePageTags([preview.page, ...preview.addons.flatMap((g) => g.packages)]) };
    });
  })
  // The price summary as choices change: the fragment (and the choices, out of band) for htmx,
  // the whole page for the no-JavaScript "Update price" button.
  .post('/:slug/quote', async (c) => {
    const { form, errors } = await formInput(c);
    const preview = await previewStoreOrder(
      c.var.em,
      { slug: c.req.param('slug'), clientId: viewer(c), form, errors: errors ?? undefined },
      c.var.now,
    );
    const status = Object.keys(preview.errors).length ? 422 : 200;
    if (!isHtmx(c)) return c.html(<StorePackagePage {...who(c)} {...preview} requestKey={orderFormKey(c, form)} />, status);
    return c.html(
      <>
        <OrderSummary quote={preview.quote} order={preview.order} currency={preview.page.currency} coupon={preview.coupon} />
        <OrderChoices
          page={preview.page}
          choice={preview.choice}
          errors={preview.errors}
          addons={preview.addons}
          addonChoice={preview.addonChoice}
          oob
        />
        <CouponField
          code={preview.couponCode}
          error={preview.errors.couponCode}
          coupon={preview.coupon}
          currency={preview.page.currency}
          action={`/store/${preview.page.slug}/quote`}
          target="#summary"
          oob
        />
        <ExpectedTotal total={(preview.order ?? preview.quote)?.total ?? null} oob />
      </>,
      status,
    );
  })
  .post('/:slug/cart', (c) => addToCartRoute(c, (form, errors) => packagePage(c, form, errors, 422)))
  .post('/:slug/order', signInToOrder, async (c) => {
    const { form, errors } = await formInput(c);
    const result = errors
      ? { ok: false as const, errors }
      : await attempt(() => placeStoreOrder(c.var.em, { slug: c.req.param('slug'), clientId: c.var.client!.id, form }, c.var.now));
    if (result.ok) return c.redirect(`/account/invoices/${result.value.invoiceId}`, 303);
    return packagePage(c, form, result.errors, 422);
  })
  .all('*', () => {
    throw new NotFound('That page');
  });
storeRoutes.onError(onClientError);
