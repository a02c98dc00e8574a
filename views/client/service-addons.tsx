import { raw } from 'hono/html';
import type { AddonOffers } from '../../src/modules/store/list-addon-offers.ts';
import type { AddonPreview } from '../../src/modules/store/preview-addon-order.ts';
import type { ServiceDetail } from '../../src/modules/services/load-service.ts';
import { ClientLayout, type ClientPageProps } from './layout.tsx';
import { Csrf, Notice } from '../components/form.tsx';
import { OrderChoices } from '../store/_choices.tsx';
import { OrderSummary } from '../store/_summary.tsx';
import { priceText } from '../store/price-text.ts';

function Crumbs(props: { service: { id: number; name: string }; more?: boolean }) {
  return (
    <p class="crumbs">
      <a href="/account/services">Services</a> / <a href={`/account/services/${props.service.id}`}>{props.service.name} #{props.service.id}</a> /{props.more && <> <a href={`/account/services/${props.service.id}/addons`}>Add-ons</a> /</>}
    </p>
  );
}

/** What a service's add-ons cost and when they renew, in one sentence. */
function CoTermNote(props: { nextDue: string }) {
  return (
    <p class="muted">
      An add-on is charged today up to this service's next due date ({props.nextDue}), then renews with it, on the same invoice.
    </p>
  );
}

export function AddonOffersPage(props: ClientPageProps & { service: ServiceDetail; offers: AddonOffers }) {
  const { service: s, offers } = props;
  const base = `/account/services/${s.id}/addons`;
  return (
    <ClientLayout {...props} title="Add an add-on" active="services">
      <Crumbs service={{ id: s.id, name: s.package.name }} />
      <h1>Add an add-on to {s.package.name}</h1>
      {offers.problem ? (
        <Notice kind="warn">{offers.problem}</Notice>
      ) : offers.groups.length === 0 ? (
        <Notice kind="info">There are no add-ons for this service.</Notice>
      ) : (
        <>
          <CoTermNote nextDue={offers.parent!.coTerm.nextDue} />
          {offers.groups.map((g) => (
            <section class="card" aria-labelledby={`group-${g.id}`}>
              <h2 id={`group-${g.id}`}>{g.name}</h2>
              <ul class="addon-offers">
                {g.packages.map((p) => (
                  <li>
                    <div>
                      <strong>{p.name}</strong> <span class="muted">{p.prices.map((x) => `${x.name}: ${priceText(x, offers.currency)}`).join(' · ')}</span>
                      {p.left !== null && (
                        <>
                          {' '}
                          <span class={`badge ${p.left === 0 ? 'muted' : 'warn'}`}>{p.left === 0 ? 'sold out' : `${p.left} left`}</span>
                        </>
                      )}
                      {p.description && (
                        <div class="small" hx-disable>
                          {raw(p.description)}
                        </div>
                      )}
                    </div>
                    {p.left !== 0 && (
                      <a class="button" href={`${base}/${p.id}`} aria-label={`Choose ${p.name}`}>
                        Choose
                      </a>
                    )}
                  </li>
                ))}
              </ul>
            </section>
          ))}
        </>
      )}
    </ClientLayout>
  );
}

/** The total the summary shows, carried to checkout so it charges exactly that (swapped with the summary). */
export function ExpectedTotal(props: { total: string | null; oob?: boolean }) {
  return <input type="hidden" id="expected-total" name="expectedTotal" value={props.total ?? ''} hx-swap-oob={props.oob ? 'true' : undefined} />;
}

export function AddonOrderPage(props: ClientPageProps & AddonPreview & { serviceName: string }) {
  const { page } = props;
  const base = `/account/services/${props.serviceId}/addons/${page.id}`;
  const soldOut = page.left === 0;
  return (
    <ClientLayout {...props} title={`Add ${page.name}`} active="services">
      <Crumbs service={{ id: props.serviceId, name: props.serviceName }} more />
      <h1>Add {page.name}</h1>
      <CoTermNote nextDue={props.parent.coTerm.nextDue} />
      <section class="card">
        <form id="order-form" method="post" action={base} hx-post={`${base}/quote`} hx-trigger="change" hx-target="#summary" hx-swap="outerHTML" class="stack">
          <Csrf token={props.csrfToken ?? null} />
          <OrderChoices page={page} choice={props.choice} errors={props.errors} />
          <OrderSummary quote={props.quote} currency={page.currency} />
          <ExpectedTotal total={props.quote?.total ?? null} />
          <noscript>
            <button type="submit" formaction={`${base}/quote`}>
              Update price
            </button>
          </noscript>
          {soldOut ? (
            <Notice kind="warn">Sold out. Please check back later.</Notice>
          ) : (
            <div class="row-actions">
              <button type="submit" class="primary" id="add-addon">
                Add and pay
              </button>
              <a href={`/account/services/${props.serviceId}/addons`}>Back to the add-ons</a>
            </div>
          )}
        </form>
      </section>
    </ClientLayout>
  );
}
