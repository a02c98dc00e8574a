import type { ServiceInvoiceRow } from '../../src/modules/services/list-service-invoices.ts';
import { InvoiceStatus } from './invoice-lines.tsx';
import { date, money } from './money.ts';
import { t } from '../../src/i18n/locale.ts';

/** The invoices that bill a service, newest first, each linking to its page: the client's, or staff's. */
export function ServiceInvoices(props: { invoices: ServiceInvoiceRow[]; invoiceHref: (id: number) => string }) {
  return (
    <section class="card" aria-labelledby="service-invoices-title">
      <h2 id="service-invoices-title">{t('client:invoices.title')}</h2>
      {props.invoices.length ? (
        <div class="scroll-x">
          <table class="table compact" id="service-invoices">
            <caption class="sr-only">{t('client:service.invoices.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('client:service.invoices.invoice')}</th>
                <th scope="col">{t('client:service.invoices.date')}</th>
                <th scope="col" class="num">
                  {t('common:totals.total')}
                </th>
                <th scope="col">{t('common:tables.status')}</th>
              </tr>
            </thead>
            <tbody>
              {props.invoices.map((i) => (
                <tr>
                  <td>
                    <a href={props.invoiceHref(i.id)}>{i.number}</a>
                  </td>
                  <td class="nowrap">{date(i.date)}</td>
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
        <p class="muted">{t('client:service.invoices.none')}</p>
      )}
    </section>
  );
}
