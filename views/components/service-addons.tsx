import type { ServiceDetail } from '../../src/modules/services/load-service.ts';
import { date, money } from './money.ts';
import { hasEnded } from '../../src/modules/shared/statuses.ts';
import { t } from '../../src/i18n/locale.ts';

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
        <h2 id="addons-title">{t('common:addons.title')}</h2>
        {props.addHref && (
          <a class="button" href={props.addHref}>
            {t('common:addons.add')}
          </a>
        )}
      </div>
      {s.addons.length ? (
        <table class="table compact">
          <caption class="sr-only">{t('common:addons.caption', { id: s.id })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('common:addons.addon')}</th>
              <th scope="col">{t('common:tables.status')}</th>
              <th scope="col" class="num">
                {t('common:addons.renewsFor')}
              </th>
              <th scope="col">{t('common:tables.services.nextDue')}</th>
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
                  <span class={`badge ${TONE[a.status] ?? 'muted'}`}>{t(`common:status.service.${a.status}`)}</span>
                </td>
                {/* An add-on that has ended renews for nothing and is due nothing more; one whose service ends at the end of its term ends with it. */}
                <td class="num nowrap">
                  {a.renewal && s.currency && !hasEnded(a.status) && !s.cancelAt ? money(a.renewal, s.currency, props.minorUnits) : '—'}
                </td>
                <td>
                  {hasEnded(a.status)
                    ? '—'
                    : s.cancelAt
                      ? t('common:addons.endsWithParent', { date: date(s.cancelAt) })
                      : date(a.nextDueDate)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p class="muted">{t('common:addons.none')}</p>
      )}
    </section>
  );
}
