import { Hono } from 'hono';
import { HomePage } from '../../../views/admin/home/index.tsx';
import { loadDashboard } from '../../modules/reports/load-dashboard.ts';
import { layoutProps } from '../respond.ts';
import type { Env } from '../types.ts';

/** The admin home: today's figures and charts. Query parameters are ignored: the page has no options. */
export const homeRoutes = new Hono<Env>().get('/', async (c) =>
  c.html(<HomePage {...layoutProps(c)} dashboard={await loadDashboard(c.var.em, c.var.now)} />),
);
