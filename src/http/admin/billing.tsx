import { Hono, type Context } from 'hono';
import { PreviewSection } from '../../../views/admin/billing/_preview.tsx';
import { BillingPage, RunsSection, RunTable } from '../../../views/admin/billing/index.tsx';
import { RunPage } from '../../../views/admin/billing/run.tsx';
import { listBillingRuns } from '../../modules/billing/list-billing-runs.ts';
import { loadBillingRun } from '../../modules/billing/load-billing-run.ts';
import { previewBilling } from '../../modules/billing/preview-billing.ts';
import { requestBillingRun } from '../../modules/billing/request-billing-run.ts';
import { retryBillingRun } from '../../modules/billing/retry-billing-run.ts';
import { canWrite } from '../../modules/staff/rules/roles.ts';
import { fields, isHtmx, readForm } from '../form.ts';
import { attempt, layoutProps, parseId, redirectAfterPost, type Errors } from '../respond.ts';
import type { Env } from '../types.ts';

const RUNS_PER_PAGE = 20;
const DEFAULT_DAYS = 14;

/** Runs of the page asked for; a junk page number shows the first. */
async function runs(c: Context<Env>) {
  const result = await attempt(() => listBillingRuns(c.var.em, { page: c.req.query('page'), perPage: RUNS_PER_PAGE }));
  return result.ok ? result.value : listBillingRuns(c.var.em, { perPage: RUNS_PER_PAGE });
}

/** The preview for `days`; bad input keeps the field's value and message, with the default preview under it. */
async function preview(c: Context<Env>, days: string | undefined) {
  const result = await attempt(() => previewBilling(c.var.em, undefined, days, c.var.now));
  if (result.ok) return { preview: result.value, days: days ?? DEFAULT_DAYS, errors: undefined };
  return { preview: await previewBilling(c.var.em, undefined, DEFAULT_DAYS, c.var.now), days: days ?? '', errors: result.errors };
}

async function page(c: Context<Env>, run: { values?: { asOf?: string }; errors?: Errors; status?: 200 | 409 | 422 } = {}) {
  const p = await preview(c, c.req.query('days'));
  const started = parseId(c.req.query('started'));
  return c.html(
    <BillingPage
      {...layoutProps(c)}
      runs={await runs(c)}
      canWrite={canWrite(c.var.staff!.role)}
      csrfToken={c.var.csrfToken}
      values={run.values}
      errors={run.errors}
      started={started > 0 ? started : null}
      preview={p.preview}
      days={p.days}
      previewErrors={p.errors}
    />,
    run.status ?? (p.errors ? 422 : 200),
  );
}

async function runPage(c: Context<Env>, id: number, errors?: Errors, status: 200 | 409 | 422 = 200) {
  const run = await loadBillingRun(c.var.em, id);
  const retried = parseId(c.req.query('retried'));
  const flash = retried > 0 ? `Run #${run.id} started as a retry of run #${retried}.` : undefined;
  return c.html(<RunPage {...layoutProps(c)} run={run} canWrite={canWrite(c.var.staff!.role)} errors={errors} flash={flash} />, status);
}

const actor = (c: Context<Env>) => c.var.staff!.email;

export const billingRoutes = new Hono<Env>()
  .get('/', (c) => page(c))
  // The preview's own fragment (htmx); without JavaScript the form asks for the whole page.
  .get('/preview', async (c) => {
    const days = c.req.query('days');
    if (!isHtmx(c)) return c.redirect(`/admin/billing${days === undefined ? '' : `?days=${encodeURIComponent(days)}`}`);
    const p = await preview(c, days);
    return c.html(<PreviewSection preview={p.preview} days={p.days} errors={p.errors} />, p.errors ? 422 : 200);
  })
  // The runs table alone, for the refresh while a run works.
  .get('/runs', async (c) => {
    if (!isHtmx(c)) return c.redirect('/admin/billing');
    return c.html(<RunTable runs={await runs(c)} />);
  })
  .post('/runs', async (c) => {
    const form = fields(await readForm(c));
    const asOf = typeof form.asOf === 'string' ? form.asOf : undefined;
    const result = await attempt(() => requestBillingRun(c.var.em, { asOf }, 'staff', actor(c), c.var.now));
    if (!isHtmx(c)) {
      if (result.ok) return redirectAfterPost(c, `/admin/billing?started=${result.value.runId}`);
      return page(c, { values: { asOf }, errors: result.errors, status: result.status });
    }
    // NOTE: htmx swaps 422 but not 409, so a refusal (either) comes back as 422 to show in the section.
    const list = await runs(c);
    if (!result.ok)
      return c.html(<RunsSection runs={list} canWrite csrfToken={c.var.csrfToken} values={{ asOf }} errors={result.errors} />, 422);
    return c.html(<RunsSection runs={list} canWrite csrfToken={c.var.csrfToken} started={result.value.runId} />);
  })
  .get('/runs/:id', (c) => runPage(c, parseId(c.req.param('id'))))
  .post('/runs/:id/retry', async (c) => {
    const id = parseId(c.req.param('id'));
    const result = await attempt(() => retryBillingRun(c.var.em, id, actor(c), c.var.now));
    if (!result.ok) return runPage(c, id, result.errors, result.status);
    return redirectAfterPost(c, `/admin/billing/runs/${result.value.runId}?retried=${id}`);
  });
