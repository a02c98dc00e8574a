import { Hono, type Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { ClientErrorPage } from '../../../views/client/lists.tsx';
import { Conflict, DomainError, Forbidden, NotFound } from '../../modules/shared/errors.ts';
import { clientCsrf, loadClientSession, requireClient } from '../middleware/client-session.ts';
import { originCheck } from '../middleware/csrf.ts';
import type { Env } from '../types.ts';
import { listRoutes } from './lists.tsx';
import { passwordRoutes } from './password.tsx';
import { profileRoutes } from './profile.tsx';
import { sessionRoutes } from './session.tsx';

/** Errors in the client area get the client layout, not the admin's. */
function onClientError(err: Error, c: Context<Env>) {
  if (err instanceof HTTPException) return err.getResponse();
  const status = err instanceof NotFound ? 404 : err instanceof DomainError ? 422 : err instanceof Conflict ? 409 : err instanceof Forbidden ? 403 : 500;
  if (status === 500) console.error(err);
  const message = status === 500 ? 'Something went wrong on our side. The error has been logged.' : err.message;
  if (c.req.header('hx-request') === 'true') return c.text(message, status);
  return c.html(<ClientErrorPage client={c.get('client')} csrfToken={c.get('csrfToken')} status={status} message={message} />, status);
}

const signedIn = new Hono<Env>().use('*', requireClient).route('/', profileRoutes).route('/', listRoutes);

/** The client area under /account: its own cookie (hb_client), the Origin check and the session's CSRF token. */
export const clientRoutes = new Hono<Env>()
  .use('*', originCheck, loadClientSession, clientCsrf)
  .route('/', sessionRoutes)
  .route('/', passwordRoutes)
  .route('/', signedIn)
  .all('*', () => {
    throw new NotFound('That page');
  });
clientRoutes.onError(onClientError);
