import type { CardActivity } from '../../../src/modules/payments/load-card-activity.ts';
import { money } from '../../components/money.ts';

const ATTEMPT: Record<string, string> = {
  pending: 'In progress',
  succeeded: 'Charged',
  declined: 'Declined',
  authentication_required: 'Needs the cardholder',
  failed: 'Failed',
};
const DISPUTE: Record<string, string> = {
  needs_response: 'Open: needs a response',
  under_review: 'Under review',
  won: 'Won',
  lost: 'Lost',
  warning_needs_response: 'Inquiry',
  warning_under_review: 'Inquiry under review',
  warning_closed: 'Inquiry closed',
};
const badge = (status: string) =>
  status === 'succeeded' || status === 'won' ? 'ok' : status === 'pending' || status === 'under_review' ? 'muted' : 'warn';

/** Automatic card charges and disputes of one invoice, under its payments. */
export function CardActivityTables(props: { activity: CardActivity; minorUnits: number }) {
  const { attempts, disputes } = props.activity;
  return (
    <>
      {disputes.length > 0 && (
        <>
          <h3>Disputes</h3>
          <table class="table">
            <caption class="sr-only">Disputes</caption>
            <thead>
              <tr>
                <th scope="col">Opened</th>
                <th scope="col">Status</th>
                <th scope="col">Reason</th>
                <th scope="col" class="num">
                  Amount
                </th>
              </tr>
            </thead>
            <tbody>
              {disputes.map((d) => (
                <tr>
                  <td>
                    {d.openedAt.slice(0, 10)} <code class="small">{d.reference}</code>
                  </td>
                  <td>
                    <span class={`badge ${badge(d.status)}`}>{DISPUTE[d.status] ?? d.status}</span>
                    {d.closedAt && <span class="muted small"> {d.closedAt.slice(0, 10)}</span>}
                  </td>
                  <td>{d.reason || '—'}</td>
                  <td class="num">{money(d.amount, d.currency, props.minorUnits)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      {attempts.length > 0 && (
        <>
          <h3>Automatic card charges</h3>
          <table class="table">
            <caption class="sr-only">Automatic card charges</caption>
            <thead>
              <tr>
                <th scope="col">Attempt</th>
                <th scope="col">When</th>
                <th scope="col">Card</th>
                <th scope="col">Outcome</th>
              </tr>
            </thead>
            <tbody>
              {attempts.map((a) => (
                <tr>
                  <td>#{a.attempt}</td>
                  <td>{a.at.slice(0, 16).replace('T', ' ')}</td>
                  <td>{a.card ?? '—'}</td>
                  <td>
                    <span class={`badge ${badge(a.status)}`}>{ATTEMPT[a.status] ?? a.status}</span>
                    {a.message && <div class="muted small">{a.message}</div>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </>
  );
}
