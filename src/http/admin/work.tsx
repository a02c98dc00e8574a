import { Hono, type Context } from 'hono';
import { WorkPage, WorkResults } from '../../../views/admin/work/index.tsx';
import { listFailedWork } from '../../modules/outbox/list-failed-work.ts';
import { retryFailedWork } from '../../modules/outbox/retry-failed-work.ts';
import { canWrite } from '../../modules/staff/rules/roles.ts';
import { fields, isHtmx, readForm } from '../form.ts';
import { attempt, layoutProps, parseId, redirectAfterPost, type Errors } from '../respond.ts';
import type { Env } from '../types.ts';

/** The list asked for; a junk filter or page shows the first page of everything. */
async function list(c: Context<Env>, query: { state?: unknown; page?: unknown }) {
  const opts = { retryMs: c.var.deps.config.OUTBOX_RETRY_MS };
  const result = await attempt(() => listFailedWork(c.var.em, query, opts));
  return result.ok ? result.value : listFailedWork(c.var.em, {}, opts);
}

async function results(
  c: Context<Env>,
  state: unknown,
  extra: { errors?: Errors; retried?: number | null; status?: 200 | 404 | 409 } = {},
) {
  const props = { list: await list(c, { state }), canWrite: canWrite(c.var.staff!.role), csrfToken: c.var.csrfToken, ...extra };
  if (isHtmx(c)) return c.html(<WorkResults {...props} />, extra.status ?? 200);
  return c.html(<WorkPage {...layoutProps(c)} {...props} retryMs={c.var.deps.config.OUTBOX_RETRY_MS} />, extra.status ?? 200);
}

export const workRoutes = new Hono<Env>()
  .get('/', async (c) => {
    const props = {
      list: await list(c, { state: c.req.query('state'), page: c.req.query('page') }),
      canWrite: canWrite(c.var.staff!.role),
      csrfToken: c.var.csrfToken,
    };
    const retried = parseId(c.req.query('retried'));
    return c.html(
      <WorkPage {...layoutProps(c)} {...props} retried={retried > 0 ? retried : null} retryMs={c.var.deps.config.OUTBOX_RETRY_MS} />,
    );
  })
  .post('/:id/retry', async (c) => {
    const form = fields(await readForm(c));
    const id = parseId(c.req.param('id'));
    const state = typeof form.state === 'string' && ['retrying', 'gave-up'].includes(form.state) ? form.state : undefined;
    const result = await attempt(() => retryFailedWork(c.var.em, id));
    if (!result.ok)
      return results(c, state, {
        errors: { _: Object.values(result.errors)[0] ?? 'That work cannot be retried.' },
        status: result.status === 409 ? 409 : 200,
      });
    if (isHtmx(c)) return results(c, state, { retried: id });
    return redirectAfterPost(c, `/admin/work?${new URLSearchParams({ ...(state ? { state } : {}), retried: String(id) })}`);
  });
