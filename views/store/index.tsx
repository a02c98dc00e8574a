import type { StoreCard, StoreListing } from '../../src/modules/store/list-store.ts';
import { ClientLayout, type ClientPageProps } from '../client/layout.tsx';
import { t } from '../../src/i18n/locale.ts';
import { fromText } from './price-text.ts';

function Stock(props: { left: number | null }) {
  if (props.left === null) return null;
  return props.left === 0 ? (
    <span class="badge muted">{t('store:stock.soldOut')}</span>
  ) : (
    <span class="badge warn">{t('store:stock.left', { count: props.left })}</span>
  );
}

function Card(props: { pkg: StoreCard; currency: StoreListing['currency'] }) {
  const p = props.pkg;
  return (
    <li class="store-card">
      <a class="store-card-head" href={`/store/${p.slug}`}>
        {p.iconUrl ? (
          <img src={p.iconUrl} alt="" width={48} height={48} />
        ) : (
          <span class="store-icon" aria-hidden="true">
            {p.name.slice(0, 1)}
          </span>
        )}
        <span class="store-card-name">{p.name}</span>
      </a>
      {p.summary && <p class="store-card-summary">{p.summary}</p>}
      <p class="store-card-price">
        <strong>{fromText(p.from, props.currency)}</strong> <Stock left={p.left} />
      </p>
    </li>
  );
}

/** The storefront: each catalog with its listed packages as cards. */
export function StorePage(props: ClientPageProps & { listing: StoreListing }) {
  const { catalogs, currency } = props.listing;
  return (
    <ClientLayout {...props} title={t('store:store.title')} active="store">
      <h1>{t('store:store.title')}</h1>
      <p class="lead">{t('store:store.pricesIn', { currency: currency.code })}</p>
      {catalogs.length === 0 && <p class="card muted">{t('store:store.empty')}</p>}
      {catalogs.map((c) => (
        <section class="store-catalog" aria-labelledby={`catalog-${c.id}`}>
          <h2 id={`catalog-${c.id}`}>{c.name}</h2>
          {c.description && <p class="muted">{c.description}</p>}
          <ul class="store-cards">
            {c.packages.map((p) => (
              <Card pkg={p} currency={currency} />
            ))}
          </ul>
        </section>
      ))}
    </ClientLayout>
  );
}
