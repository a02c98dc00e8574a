import { log } from '../../observability/log.ts';
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { ClientErrorPage } from '../../../views/client/lists.tsx';
import { Conflict, DomainError, Forbidden, NotFound } from '../../modules/shared/errors.ts';
import type { Env } from '../types.ts';
import { t } from '../../i18n/locale.ts';

/** Errors in the client area, the store and the payment pages get the client layout, not the admin's. */
export function onClientError(err: Error, c: Context<Env>) {
  if (err instanceof HTTPException) return err.getResponse();
  const status =
    err instanceof NotFound ? 404 : err instanceof DomainError ? 422 : err instanceof Conflict ? 409 : err instanceof Forbidden ? 403 : 500;
  if (status === 500) log.error({ err }, 'unexpected error');
  const message = status === 500 ? t('client:error.logged') : err.message;
  if (c.req.header('hx-request') === 'true') return c.text(message, status);
  return c.html(<ClientErrorPage client={c.get('client')} csrfToken={c.get('csrfToken')} status={status} message={message} />, status);
}
