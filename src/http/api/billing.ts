import { Hono } from 'hono';
import { listBillingRuns } from '../../modules/billing/list-billing-runs.ts';
import { loadBillingRun } from '../../modules/billing/load-billing-run.ts';
import { previewBilling } from '../../modules/billing/preview-billing.ts';
import { requestBillingRun } from '../../modules/billing/request-billing-run.ts';
import { retryBillingRun } from '../../modules/billing/retry-billing-run.ts';
import type { Env } from '../types.ts';
import { jsonBody, pathId } from './json.ts';

// Billing runs and the preview of what they will invoice, for staff integrations.

export const billingApi = new Hono<Env>()
  .get('/runs', async (c) => {
    const r = await listBillingRuns(c.var.em, c.req.query());
    return c.json({ data: r.items, meta: { total: r.total, page: r.page, perPage: r.perPage, pages: r.pages } });
  })
  // The body is optional: no body starts a run for today.
  .post('/runs', async (c) => {
    const body = c.req.header('content-type') ? await jsonBody(c) : {};
    const { runId } = await requestBillingRun(c.var.em, body, 'api', `api:${c.var.staff!.email}`, c.var.now);
    return c.json({ data: await loadBillingRun(c.var.em.fork(), runId) }, 201);
  })
  .get('/runs/:id', async (c) => c.json({ data: await loadBillingRun(c.var.em, pathId(c.req.param('id'))) }))
  .post('/runs/:id/retry', async (c) => {
    const { runId } = await retryBillingRun(c.var.em, pathId(c.req.param('id')), `api:${c.var.staff!.email}`, c.var.now);
    return c.json({ data: await loadBillingRun(c.var.em.fork(), runId) }, 201);
  })
  .get('/preview', async (c) => c.json({ data: await previewBilling(c.var.em, c.req.query('from'), c.req.query('days'), c.var.now) }));
