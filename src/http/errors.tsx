import { log } from '../observability/log.ts';
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { AdminLayout } from '../../views/layouts/admin.tsx';
import { Conflict, DomainError, Forbidden, NotFound } from '../modules/shared/errors.ts';
import type { Env } from './types.ts';

function statusFor(err: Error): 403 | 404 | 409 | 422 | 500 {
  if (err instanceof NotFound) return 404;
  if (err instanceof DomainError) return 422;
  if (err instanceof Conflict) return 409;
  if (err instanceof Forbidden) return 403;
  return 500;
}

/** The one place errors become responses: JSON under /api, a page (or bare text for htmx) elsewhere. */
export function onError(err: Error, c: Context<Env>) {
  if (err instanceof HTTPException) return err.getResponse();
  const status = statusFor(err);
  if (status === 500) log.error({ err }, 'unexpected error');
  const message = status === 500 ? 'Something went wrong on our side. The error has been logged.' : err.message;
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
