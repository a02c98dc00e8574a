import type { ServiceDetail } from '../../src/modules/services/load-service.ts';
import { money } from './money.ts';

const TONE: Record<string, string> = { active: 'ok', pending: 'warn', suspended: 'warn' };

/**
 * A service's add-ons (client and staff pages): each links to its own page; `addHref`, when
 * given, offers to add one.
 */
export function ServiceAddons(props: { service: ServiceDetail; hrefOf: (id: number) => string; minorUnits: number; addHref?: string }) {
  const s = props.service;
  if (!s.addons.length && !props.addHref) return null;
  return (
    <section class="card" aria-labelledby="addons-title">
      <div class="heading">
        <h2 id="addons-title">Add-ons</h2>
        {props.addHref && (
          <a class="button" href={props.addHref}>
            Add an add-on
          </a>
        )}
      </div>
      {s.addons.length ? (
        <table class="table compact">
          <caption class="sr-only">Add-ons of service #{s.id}</caption>
          <thead>
            <tr>
              <th scope="col">Add-on</th>
              <th scope="col">Status</th>
              <th scope="col" class="num">
                Renews for
              </th>
              <th scope="col">Next due</th>
            </tr>
          </thead>
          <tbody>
            {s.addons.map((a) => (
              <tr>
                <td>
                  <a href={props.hrefOf(a.id)}>
                    {a.packageName} #{a.id}
                  </a>{' '}
                  {a.priceName && <span class="muted small">{a.priceName}</span>}
                </td>
                <td>
                  <span class={`badge ${TONE[a.status] ?? 'muted'}`}>{a.status}</span>
                </td>
                <td class="num nowrap">{a.renewal && s.currency ? money(a.renewal, s.currency, props.minorUnits) : '—'}</td>
                <td>{a.nextDueDate ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p class="muted">No add-ons yet. They renew with this service, on its invoice.</p>
      )}
    </section>
  );
}
