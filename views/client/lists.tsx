import type { ClientInvoiceRow } from '../../src/modules/clients/list-client-invoices.ts';
import type { ClientOrderRow } from '../../src/modules/clients/list-client-orders.ts';
import type { ClientServiceRow } from '../../src/modules/clients/list-client-services.ts';
import { ClientLayout, type ClientPageProps } from './layout.tsx';
import { InvoicesTable, OrdersTable, ServicesTable } from './tables.tsx';

export function ServicesPage(props: ClientPageProps & { rows: ClientServiceRow[] }) {
  return (
    <ClientLayout {...props} title="Services" active="services">
      <h1>Services</h1>
      <div class="scroll-x">
        <ServicesTable rows={props.rows} empty="You have no services yet. Browse the store to order one." link="/account/services/" />
      </div>
      <p>
        <a class="button" href="/store">
          Go to the store
        </a>
      </p>
    </ClientLayout>
  );
}

export function InvoicesPage(props: ClientPageProps & { rows: ClientInvoiceRow[] }) {
  return (
    <ClientLayout {...props} title="Invoices" active="invoices">
      <h1>Invoices</h1>
      <div class="scroll-x">
        <InvoicesTable rows={props.rows} empty="You have no invoices yet." link="/account/invoices/" />
      </div>
    </ClientLayout>
  );
}

export function OrdersPage(props: ClientPageProps & { rows: ClientOrderRow[] }) {
  return (
    <ClientLayout {...props} title="Orders" active="orders">
      <h1>Orders</h1>
      <div class="scroll-x">
        <OrdersTable rows={props.rows} empty="You have not placed an order yet." invoiceLink="/account/invoices/" />
      </div>
    </ClientLayout>
  );
}

export function ClientErrorPage(props: ClientPageProps & { status: number; message: string }) {
  const heading = props.status === 404 ? 'Not found' : props.status >= 500 ? 'Sorry' : 'Not possible';
  return (
    <ClientLayout {...props} title={heading}>
      <section class="card narrow">
        <h1>{heading}</h1>
        <p>{props.message}</p>
        <p>
          <a href={props.client ? '/account' : '/account/sign-in'}>Back to your account</a>
        </p>
      </section>
    </ClientLayout>
  );
}
