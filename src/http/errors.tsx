import { log } from '../observability/log.ts';
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { AdminLayout, type PageProps } from '../../views/layouts/admin.tsx';
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
  return c.html(<AdminErrorPage status={status} message={message} staff={c.get('staff')} csrfToken={c.get('csrfToken')} />, status);
}

/** An error as an admin page: what happened, what to do about it (`advice`), and the way back. */
export function AdminErrorPage(props: {
  status: number;
  message: string;
  advice?: string;
  title?: string;
  staff: PageProps['staff'];
  csrfToken: string | null | undefined;
}) {
  return (
    <AdminLayout title={props.title ?? 'Error'} staff={props.staff} csrfToken={props.csrfToken}>
      <section class="card narrow">
        <h1>{props.status === 404 ? 'Not found' : props.status === 500 ? 'Sorry' : 'Not possible'}</h1>
        <p>{props.message}</p>
        {props.advice && <p>{props.advice}</p>}
        <p>
          <a href="/admin">Back to the admin</a>
        </p>
      </section>
    </AdminLayout>
  );
}

export function onNotFound(c: Context<Env>) {
  return onError(new NotFound('That page'), c);
}
