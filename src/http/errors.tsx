import { log } from '../observability/log.ts';
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { AdminLayout } from '../../views/layouts/admin.tsx';
import { DomainError, NotFound } from '../modules/shared/errors.ts';
import type { Env } from './types.ts';
import { ANOTHER_CHANGE_MESSAGE, errorStatus, metAnotherChange } from './error-status.ts';

/** The one place errors become responses: JSON under /api, a page (or bare text for htmx) elsewhere. */
export function onError(err: Error, c: Context<Env>) {
  if (err instanceof HTTPException) return err.getResponse();
  const race = metAnotherChange(err);
  if (race) log.warn({ err }, 'a change met another');
  const status = errorStatus(err);
  if (status === 500) log.error({ err }, 'unexpected error');
  const message = race
    ? ANOTHER_CHANGE_MESSAGE[race]
    : status === 500
      ? 'Something went wrong on our side. The error has been logged.'
      : err.message;
  if (c.req.path.startsWith('/api/')) {
    const fields = err instanceof DomainError ? err.fields : undefined;
    return c.json({ error: { status, message, ...(fields ? { fields } : {}) } }, status);
  }
  if (c.req.header('hx-request') === 'true') return c.text(message, status);
  return c.html(
    <AdminLayout title="Error" staff={c.get('staff')} csrfToken={c.get('csrfToken')}>
      <section class="card narrow">
        <h1>{status === 404 ? 'Not found' : status === 500 ? 'Sorry' : 'Not possible'}</h1>
        <p>{message}</p>
        <p>
          <a href="/admin">Back to the admin</a>
        </p>
      </section>
    </AdminLayout>,
    status,
  );
}

export function onNotFound(c: Context<Env>) {
  return onError(new NotFound('That page'), c);
}
