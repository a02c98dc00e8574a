import { calendarDateOf } from '../../modules/shared/dates.ts';
import { Hono } from 'hono';
import { InvoicesPage, OrdersPage, ServicesPage } from '../../../views/client/lists.tsx';
import { DashboardPage } from '../../../views/client/dashboard.tsx';
import { loadClientDashboard } from '../../modules/clients/load-client-dashboard.ts';
import { listClientInvoices } from '../../modules/clients/list-client-invoices.ts';
import { listClientOrders } from '../../modules/clients/list-client-orders.ts';
import { listClientServices } from '../../modules/clients/list-client-services.ts';
import type { Env } from '../types.ts';
import { t } from '../../i18n/locale.ts';

const FLASH = new Set(['welcome', 'password']);

// NOTE: every list takes the client id from the session, never from the URL.
export const listRoutes = new Hono<Env>()
  .get('/', async (c) => {
    const data = await loadClientDashboard(c.var.em, c.var.client!.id, c.var.now);
    return c.html(<DashboardPage client={c.var.client} csrfToken={c.var.csrfToken} data={data} />);
  })
  .get('/services', async (c) => {
    const done = c.req.query('welcome') ? 'welcome' : c.req.query('password') ? 'password' : '';
    const flash = FLASH.has(done) ? t(`client:flash.${done}`) : undefined;
    const rows = await listClientServices(c.var.em, c.var.client!.id);
    return c.html(<ServicesPage client={c.var.client} csrfToken={c.var.csrfToken} flash={flash} rows={rows} />);
  })
  .get('/invoices', async (c) => {
    const rows = await listClientInvoices(c.var.em, c.var.client!.id);
    return c.html(<InvoicesPage client={c.var.client} csrfToken={c.var.csrfToken} rows={rows} today={calendarDateOf(c.var.now)} />);
  })
  .get('/orders', async (c) => {
    const rows = await listClientOrders(c.var.em, c.var.client!.id);
    return c.html(<OrdersPage client={c.var.client} csrfToken={c.var.csrfToken} rows={rows} />);
  });
