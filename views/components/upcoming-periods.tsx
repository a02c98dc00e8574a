import { invoiceNumber } from '../../src/modules/invoicing/rules/invoice-document.ts';
import type { ServiceSchedule } from '../../src/modules/billing/load-service-schedule.ts';
import { date } from './money.ts';
import { lineAmount } from './charges-table.tsx';
import { t } from '../../src/i18n/locale.ts';

/**
 * A service's coming periods: dates, the day each is invoiced, and the amount before tax.
 * `invoiceHref` links a billed period to its invoice (staff and clients have their own pages).
 */
export function UpcomingPeriods(props: { schedule: ServiceSchedule; invoiceHref?: (id: number) => string }) {
  const s = props.schedule;
  if (!s.periods.length && !s.problem) return null;
  // Add-ons renew on the same invoice: their column shows what that invoice comes to before tax.
  const addons = s.periods.some((p) => p.withAddons !== null);
  return (
    <section class="card" aria-labelledby="upcoming-title" id="upcoming-periods">
      <h2 id="upcoming-title">{t('common:periods.title')}</h2>
      {s.problem ? (
        <p class="error">{t('common:periods.problem', { problem: s.problem })}</p>
      ) : (
        <table class="table compact">
          <caption class="sr-only">{t('common:periods.caption', { count: s.periods.length })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('common:periods.period')}</th>
              <th scope="col" class="wide-only">
                {t('common:periods.invoiceDate')}
              </th>
              <th scope="col" class="num">
                {t('common:periods.amount')}
              </th>
              {addons && (
                <th scope="col" class="num">
                  {t('common:periods.withAddons')}
                </th>
              )}
            </tr>
          </thead>
          <tbody>
            {s.periods.map((p) => (
              <tr>
                {/* NOTE: periods are [start, end): the last day paid for is the day before the next start. */}
                <td>
                  <span class="nowrap">{date(p.start)} –</span> <span class="nowrap">{date(p.lastDay)}</span>
                </td>
                <td class="nowrap wide-only">
                  {date(p.invoiceDate)}
                  {p.billed && (
                    <span class="muted small">
                      {' '}
                      · {t('common:periods.invoiced')}
                      {p.invoiceId !== null && props.invoiceHref ? (
                        <>
                          {' '}
                          <a href={props.invoiceHref(p.invoiceId)}>{invoiceNumber({ id: p.invoiceId, number: p.invoiceNumber })}</a>
                        </>
                      ) : null}
                    </span>
                  )}
                </td>
                <td class="num nowrap">{lineAmount(p.amount, p.currency)}</td>
                {addons && <td class="num nowrap">{p.withAddons === null ? '—' : lineAmount(p.withAddons, p.currency)}</td>}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {s.cancelAt && <p class="muted small">{t('common:periods.endsOn', { date: date(s.cancelAt) })}</p>}
    </section>
  );
}
