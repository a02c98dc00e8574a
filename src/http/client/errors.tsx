import { log } from '../../observability/log.ts';
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { ClientErrorPage } from '../../../views/client/lists.tsx';
import type { Env } from '../types.ts';
import { t } from '../../i18n/locale.ts';
import { errorStatus, metAnotherChange } from '../error-status.ts';

/** Errors in the client area, the store and the payment pages get the client layout, not the admin's. */
export function onClientError(err: Error, c: Context<Env>) {
  if (err instanceof HTTPException) return err.getResponse();
  const race = metAnotherChange(err);
  if (race) log.warn({ err }, 'a change met another');
  const status = errorStatus(err);
  if (status === 500) log.error({ err }, 'unexpected error');
  const message = race ? t('client:error.sameMoment') : status === 500 ? t('client:error.logged') : err.message;
  if (c.req.header('hx-request') === 'true') return c.text(message, status);
  return c.html(<ClientErrorPage client={c.get('client')} csrfToken={c.get('csrfToken')} status={status} message={message} />, status);
}
