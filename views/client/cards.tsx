import type { SavedCardRow } from '../../src/modules/payments/list-saved-cards.ts';
import { ClientLayout, type ClientPageProps } from './layout.tsx';
import { Csrf, FormErrors, Notice, type Errors } from '../components/form.tsx';
import { t } from '../../src/i18n/locale.ts';

const expiry = (c: SavedCardRow) => `${String(c.expMonth).padStart(2, '0')}/${c.expYear}`;

export function CardsPage(props: ClientPageProps & { cards: SavedCardRow[]; cardsOn: boolean; errors?: Errors; problem?: string }) {
  const token = props.csrfToken ?? null;
  return (
    <ClientLayout {...props} title={t('client:cards.title')} active="cards">
      <div class="heading">
        <h1>{t('client:cards.title')}</h1>
        {props.cardsOn && (
          <form method="post" action="/account/cards/add" class="inline">
            <Csrf token={token} />
            <button type="submit" class="primary">
              {t('client:cards.add')}
            </button>
          </form>
        )}
      </div>
      <p class="muted">{t('client:cards.intro')}</p>
      {props.problem && <Notice kind="error">{props.problem}</Notice>}
      <FormErrors errors={props.errors} />
      <table class="table">
        <caption class="sr-only">{t('client:cards.title')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('client:cards.card')}</th>
            <th scope="col">{t('client:cards.expires')}</th>
            <th scope="col">{t('client:cards.renewals')}</th>
            <th scope="col">
              <span class="sr-only">{t('client:cards.actions')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {props.cards.map((c) => (
            <tr>
              <td>
                <span class="brand">{c.brand}</span> {t('client:cards.ending', { last4: c.last4 })}
              </td>
              <td>{expiry(c)}</td>
              <td>
                {c.isDefault ? (
                  <span class="badge ok">{t('client:cards.default')}</span>
                ) : (
                  <form method="post" action={`/account/cards/${c.id}/default`} class="inline" hx-boost="true">
                    <Csrf token={token} />
                    <button type="submit" class="small">
                      {t('client:cards.makeDefault')}
                    </button>
                  </form>
                )}
              </td>
              <td>
                {/* NOTE: boosted, or htmx would not ask the confirmation. */}
                <form
                  method="post"
                  action={`/account/cards/${c.id}/remove`}
                  class="inline"
                  hx-boost="true"
                  hx-confirm={t('client:cards.removeConfirm', { brand: c.brand, last4: c.last4 })}
                >
                  <Csrf token={token} />
                  <button type="submit" class="small danger" aria-label={t('client:cards.removeLabel', { brand: c.brand, last4: c.last4 })}>
                    {t('client:cards.remove')}
                  </button>
                </form>
              </td>
            </tr>
          ))}
          {props.cards.length === 0 && (
            <tr>
              <td colspan={4} class="empty">
                {t('client:cards.none')}
              </td>
            </tr>
          )}
        </tbody>
      </table>
      {!props.cardsOn && <p class="muted">{t('client:cards.off')}</p>}
    </ClientLayout>
  );
}
