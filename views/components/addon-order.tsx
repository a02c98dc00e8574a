import { raw } from 'hono/html';
import type { AddonOffers } from '../../src/modules/store/list-addon-offers.ts';
import type { AddonPreview } from '../../src/modules/store/preview-addon-order.ts';
import { Csrf, Notice } from './form.tsx';
import { ExpectedTotal } from './expected-total.tsx';
import { OrderChoices } from '../store/_choices.tsx';
import { OrderSummary } from '../store/_summary.tsx';
import { choiceText, withExtras } from '../store/price-text.ts';
import { date } from './money.ts';
import { t, tm } from '../../src/i18n/locale.ts';

// Adding an add-on to a running service: the offers and the order form with its live price.
// The client area and the staff admin show the same, under their own layouts and paths (`base`,
// the service's add-ons path).

/** What a service's add-ons cost and when they renew, in one sentence. */
export function CoTermNote(props: { nextDue: string }) {
  return <p class="muted">{t('store:addons.coTerm', { date: date(props.nextDue) })}</p>;
}

export function AddonOffersBody(props: { offers: AddonOffers; base: string }) {
  const { offers } = props;
  if (offers.problem) return <Notice kind="warn">{tm(offers.problem)}</Notice>;
  if (!offers.groups.length) return <Notice kind="info">{t('store:addons.none')}</Notice>;
  return (
    <>
      <CoTermNote nextDue={offers.parent!.coTerm.nextDue} />
      {offers.groups.map((g) => (
        <section class="card" aria-labelledby={`group-${g.id}`}>
          <h2 id={`group-${g.id}`}>{g.name}</h2>
          <ul class="addon-offers">
            {g.packages.map((p) => (
              <li>
                <div>
                  <strong>{p.name}</strong>{' '}
                  <span class="muted">
                    {p.prices.map((x) => withExtras(choiceText(x.name, x, offers.currency), x, offers.currency)).join(' · ')}
                  </span>
                  {p.left !== null && (
                    <>
                      {' '}
                      <span class={`badge ${p.left === 0 ? 'muted' : 'warn'}`}>
                        {p.left === 0 ? t('store:stock.soldOutLower') : t('store:stock.left', { count: p.left })}
                      </span>
                    </>
                  )}
                  {p.description && (
                    <div class="small" hx-disable>
                      {raw(p.description)}
                    </div>
                  )}
                </div>
                {p.left !== 0 && (
                  <a class="button" href={`${props.base}/${p.id}`} aria-label={t('store:addons.chooseLabel', { name: p.name })}>
                    {t('store:addons.choose')}
                  </a>
                )}
              </li>
            ))}
          </ul>
        </section>
      ))}
    </>
  );
}

export function AddonOrderForm(props: AddonPreview & { base: string; csrfToken: string | null; submit: string }) {
  const { page } = props;
  const action = `${props.base}/${page.id}`;
  return (
    <>
      <CoTermNote nextDue={props.parent.coTerm.nextDue} />
      <section class="card">
        <form
          id="order-form"
          method="post"
          action={action}
          hx-post={`${action}/quote`}
          hx-trigger="change"
          hx-target="#summary"
          hx-swap="outerHTML"
          class="stack"
        >
          <Csrf token={props.csrfToken} />
          <OrderChoices page={page} choice={props.choice} errors={props.errors} />
          <OrderSummary quote={props.quote} currency={page.currency} />
          <ExpectedTotal total={props.quote?.total ?? null} />
          <noscript>
            <button type="submit" formaction={`${action}/quote`}>
              {t('store:package.updatePrice')}
            </button>
          </noscript>
          {page.left === 0 ? (
            <Notice kind="warn">{t('store:package.soldOut')}</Notice>
          ) : (
            <div class="row-actions">
              <button type="submit" class="primary" id="add-addon">
                {props.submit}
              </button>
              <a href={props.base}>{t('store:addons.back')}</a>
            </div>
          )}
        </form>
      </section>
    </>
  );
}

/** The quote route's htmx answer: the summary, with the choices and the expected total out of band. */
export function AddonQuoteFragment(props: AddonPreview) {
  return (
    <>
      <OrderSummary quote={props.quote} currency={props.page.currency} />
      <OrderChoices page={props.page} choice={props.choice} errors={props.errors} oob />
      <ExpectedTotal total={props.quote?.total ?? null} oob />
    </>
  );
}
