import { Hono } from 'hono';
import { OrderResults, OrdersPage } from '../../../views/admin/orders/index.tsx';
import { listOrders } from '../../modules/orders/list-orders.ts';
import type { Env } from '../types.ts';
import { renderList } from './list-page.tsx';

export const orderRoutes = new Hono<Env>().get('/', (c) =>
  renderList(c, (raw) => listOrders(c.var.em, raw), {
    target: 'order-results',
    results: (list) => <OrderResults {...list} />,
    page: (props) => <OrdersPage {...props} />,
  }),
);
