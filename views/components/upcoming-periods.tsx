import type { ServiceSchedule } from '../../src/modules/billing/load-service-schedule.ts';
import { lineMoney } from './money.ts';

/**
 * A service's coming periods: dates, the day each is invoiced, and the amount before tax.
 * `invoiceHref` links a billed period to its invoice (staff and clients have their own pages).
 */
export function UpcomingPeriods(props: { schedule: ServiceSchedule; invoiceHref?: (id: number) => string }) {
  const s = props.schedule;
  if (!s.periods.length && !s.problem) return null;
  return (
    <section class="card" aria-labelledby="upcoming-title" id="upcoming-periods">
      <h2 id="upcoming-title">Upcoming periods</h2>
      {s.problem ? (
        <p class="error">The schedule cannot be worked out: {s.problem}</p>
      ) : (
        <table class="table compact">
          <caption class="sr-only">The next {s.periods.length} periods</caption>
          <thead>
            <tr>
              <th scope="col">Period</th>
              <th scope="col">Invoice date</th>
              <th scope="col" class="num">Amount (before tax)</th>
            </tr>
          </thead>
          <tbody>
            {s.periods.map((p) => (
              <tr>
                {/* NOTE: periods are [start, end): the last day paid for is the day before the next start. */}
                <td class="nowrap">
                  {p.start} – {p.lastDay}
                </td>
                <td class="nowrap">
                  {p.invoiceDate}
                  {p.billed && (
                    <span class="muted small">
                      {' '}
                      · invoiced{p.invoiceId !== null && props.invoiceHref ? (
                        <>
                          {' '}
                          <a href={props.invoiceHref(p.invoiceId)}>#{p.invoiceId}</a>
                        </>
                      ) : null}
                    </span>
                  )}
                </td>
                <td class="num nowrap">{lineMoney(p.amount, p.currency)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {s.cancelAt && <p class="muted small">Ends on {s.cancelAt}: no period after that is billed.</p>}
    </section>
  );
}
