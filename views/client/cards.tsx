import type { SavedCardRow } from '../../src/modules/payments/list-saved-cards.ts';
import { ClientLayout, type ClientPageProps } from './layout.tsx';
import { Csrf, FormErrors, Notice, type Errors } from '../components/form.tsx';

const expiry = (c: SavedCardRow) => `${String(c.expMonth).padStart(2, '0')}/${c.expYear}`;

export function CardsPage(props: ClientPageProps & { cards: SavedCardRow[]; cardsOn: boolean; errors?: Errors; problem?: string }) {
  const token = props.csrfToken ?? null;
  return (
    <ClientLayout {...props} title="Saved cards" active="cards">
      <div class="heading">
        <h1>Saved cards</h1>
        {props.cardsOn && (
          <form method="post" action="/account/cards/add" class="inline">
            <Csrf token={token} />
            <button type="submit" class="primary">
              Add a card
            </button>
          </form>
        )}
      </div>
      <p class="muted">Your default card pays renewal invoices automatically on their due date. Card numbers are kept by our card processor, never by us.</p>
      {props.problem && <Notice kind="error">{props.problem}</Notice>}
      <FormErrors errors={props.errors} />
      <table class="table">
        <caption class="sr-only">Saved cards</caption>
        <thead>
          <tr>
            <th scope="col">Card</th>
            <th scope="col">Expires</th>
            <th scope="col">Renewals</th>
            <th scope="col">
              <span class="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {props.cards.map((c) => (
            <tr>
              <td>
                <span class="brand">{c.brand}</span> ending {c.last4}
              </td>
              <td>{expiry(c)}</td>
              <td>
                {c.isDefault ? (
                  <span class="badge ok">Default</span>
                ) : (
                  <form method="post" action={`/account/cards/${c.id}/default`} class="inline" hx-boost="true">
                    <Csrf token={token} />
                    <button type="submit" class="small">
                      Make default
                    </button>
                  </form>
                )}
              </td>
              <td>
                {/* NOTE: boosted, or htmx would not ask the confirmation. */}
                <form method="post" action={`/account/cards/${c.id}/remove`} class="inline" hx-boost="true" hx-confirm={`Remove the ${c.brand} card ending ${c.last4}?`}>
                  <Csrf token={token} />
                  <button type="submit" class="small danger" aria-label={`Remove the ${c.brand} card ending ${c.last4}`}>
                    Remove
                  </button>
                </form>
              </td>
            </tr>
          ))}
          {props.cards.length === 0 && (
            <tr>
              <td colspan={4} class="empty">
                No saved cards.
              </td>
            </tr>
          )}
        </tbody>
      </table>
      {!props.cardsOn && <p class="muted">Card payments are not available at the moment.</p>}
    </ClientLayout>
  );
}
