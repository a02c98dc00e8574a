import type { ClientInvoiceRow } from '../../src/modules/clients/list-client-invoices.ts';
import type { ClientOrderRow } from '../../src/modules/clients/list-client-orders.ts';
import type { ClientServiceRow } from '../../src/modules/clients/list-client-services.ts';
import { ClientLayout, type ClientPageProps } from './layout.tsx';
import { InvoicesTable, OrdersTable, ServicesTable } from './tables.tsx';
import { t, tm } from '../../src/i18n/locale.ts';

export function ServicesPage(props: ClientPageProps & { rows: ClientServiceRow[] }) {
  return (
    <ClientLayout {...props} title={t('client:services.title')} active="services">
      <h1>{t('client:services.title')}</h1>
      <div class="scroll-x">
        <ServicesTable rows={props.rows} empty={t('client:services.empty')} link="/account/services/" />
      </div>
      <p>
        <a class="button" href="/store">
          {t('client:services.toStore')}
        </a>
      </p>
    </ClientLayout>
  );
}

export function InvoicesPage(props: ClientPageProps & { rows: ClientInvoiceRow[]; today: string }) {
  return (
    <ClientLayout {...props} title={t('client:invoices.title')} active="invoices">
      <h1>{t('client:invoices.title')}</h1>
      <div class="scroll-x">
        <InvoicesTable rows={props.rows} empty={t('client:invoices.empty')} link="/account/invoices/" today={props.today} />
      </div>
    </ClientLayout>
  );
}

export function OrdersPage(props: ClientPageProps & { rows: ClientOrderRow[] }) {
  return (
    <ClientLayout {...props} title={t('client:orders.title')} active="orders">
      <h1>{t('client:orders.title')}</h1>
      <div class="scroll-x">
        <OrdersTable rows={props.rows} empty={t('client:orders.empty')} invoiceLink="/account/invoices/" />
      </div>
    </ClientLayout>
  );
}

export function ClientErrorPage(props: ClientPageProps & { status: number; message: string }) {
  const heading = t(
    props.status === 404 ? 'client:error.notFound' : props.status >= 500 ? 'client:error.sorry' : 'client:error.notPossible',
  );
  return (
    <ClientLayout {...props} title={heading}>
      <section class="card narrow">
        <h1>{heading}</h1>
        <p>{tm(props.message)}</p>
        <p>
          <a href={props.client ? '/account' : '/account/sign-in'}>{t('client:error.back')}</a>
        </p>
      </section>
    </ClientLayout>
  );
}
