import { Hono } from 'hono';
import { NotFound } from '../../modules/shared/errors.ts';
import { clientCsrf, loadClientSession, requireClient } from '../middleware/client-session.ts';
import { originCheck } from '../middleware/csrf.ts';
import type { Env } from '../types.ts';
import { onClientError } from './errors.tsx';
import { cardRoutes } from './cards.tsx';
import { invoiceRoutes } from './invoices.tsx';
import { listRoutes } from './lists.tsx';
import { messageRoutes } from './messages.tsx';
import { passwordRoutes } from './password.tsx';
import { profileRoutes } from './profile.tsx';
import { serviceRoutes } from './services.tsx';
import { sessionRoutes } from './session.tsx';

const signedIn = new Hono<Env>()
  .use('*', requireClient)
  .route('/', profileRoutes)
  .route('/', listRoutes)
  .route('/', invoiceRoutes)
  .route('/', cardRoutes)
  .route('/', messageRoutes)
  .route('/', serviceRoutes);

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
