import type { ServiceInvoiceRow } from '../../src/modules/services/load-client-service.ts';
import { InvoiceStatus } from '../components/invoice-lines.tsx';
import { money } from '../components/money.ts';

/** The invoices that bill a service, newest first, each linking to its page (and its payment). */
export function ServiceInvoices(props: { invoices: ServiceInvoiceRow[] }) {
  return (
    <section class="card" aria-labelledby="service-invoices-title">
      <h2 id="service-invoices-title">Invoices</h2>
      {props.invoices.length ? (
        <div class="scroll-x">
          <table class="table compact" id="service-invoices">
            <caption class="sr-only">Invoices for this service</caption>
            <thead>
              <tr>
                <th scope="col">Invoice</th>
                <th scope="col">Date</th>
                <th scope="col" class="num">
                  Total
                </th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {props.invoices.map((i) => (
                <tr>
                  <td>
                    <a href={`/account/invoices/${i.id}`}>{i.number}</a>
                  </td>
                  <td class="nowrap">{i.date}</td>
                  <td class="num nowrap">{money(i.total, i.currency, i.minorUnits)}</td>
                  <td>
                    <InvoiceStatus status={i.status} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p class="muted">No invoices for this service yet.</p>
      )}
    </section>
  );
}
