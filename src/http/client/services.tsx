import { Hono, type Context } from 'hono';
import { CancelServicePage, ServicePage } from '../../../views/client/service.tsx';
import { DetailValue, ServiceDetailPage } from '../../../views/client/service-details.tsx';
import { revealServiceDetail } from '../../modules/services/reveal-service-detail.ts';
import { isHtmx } from '../form.ts';
import { loadServiceSchedule } from '../../modules/billing/load-service-schedule.ts';
import { loadClientService } from '../../modules/services/load-client-service.ts';
import { requestCancellation } from '../../modules/services/request-cancellation.ts';
import { withdrawCancellation } from '../../modules/services/withdraw-cancellation.ts';
import { loadServiceChangeSummary } from '../../modules/scaling/load-service-change-summary.ts';
import { CHANGE_FLASH, serviceChangeRoutes } from './service-change.tsx';
import { serviceAddonRoutes } from './service-addons.tsx';
import { attempt, parseId, redirectAfterPost, type Errors } from '../respond.ts';
import type { Env } from '../types.ts';
import { t } from '../../i18n/locale.ts';
import { formInput } from './form-input.ts';

const FLASH = {
  now: 'client:flash.cancelledNow',
  end_of_term: 'client:flash.cancelledEndOfTerm',
  withdrawn: 'client:flash.cancellationWithdrawn',
} as Record<string, string>;

const flashOf = (key: string | undefined) => (key ? t(key) : undefined);

async function servicePage(c: Context<Env>, id: number, errors?: Errors, status: 200 | 409 | 422 = 200) {
  const data = await loadClientService(c.var.em, c.var.client!.id, id, c.var.now);
  const schedule = await loadServiceSchedule(c.var.em, id, undefined, c.var.now, c.var.client!.id);
  return c.html(
    <ServicePage
      client={c.var.client}
      csrfToken={c.var.csrfToken}
      flash={flashOf(FLASH[c.req.query('cancelled') ?? ''] ?? CHANGE_FLASH[c.req.query('changed') ?? ''])}
      data={data}
      change={await loadServiceChangeSummary(c.var.em, id)}
      schedule={schedule}
      errors={errors}
    />,
    status,
  );
}

const isWhen = (v: unknown): v is 'now' | 'end_of_term' => v === 'now' || v === 'end_of_term';

export const serviceRoutes = new Hono<Env>()
  .route('/', serviceChangeRoutes)
  .route('/services', serviceAddonRoutes)
  .get('/services/:id', (c) => servicePage(c, parseId(c.req.param('id'))))
  // A value the plugin returned (a password among them), only when asked: the htmx Show link
  // swaps it into the page, and without JavaScript it is a page of its own. Never cached.
  .get('/services/:id/details/:key', async (c) => {
    const id = parseId(c.req.param('id'));
    const detail = await revealServiceDetail(c.var.em, c.var.client!.id, id, c.req.param('key'));
    c.header('Cache-Control', 'private, no-store');
    if (isHtmx(c)) return c.html(<DetailValue serviceId={id} detail={detail} revealed />);
    return c.html(<ServiceDetailPage client={c.var.client} csrfToken={c.var.csrfToken} serviceId={id} detail={detail} />);
  })
  // The confirmation step: a page of its own, so cancelling works without JavaScript.
  .get('/services/:id/cancel', async (c) => {
    const id = parseId(c.req.param('id'));
    const when = c.req.query('when');
    const data = await loadClientService(c.var.em, c.var.client!.id, id, c.var.now);
    if (!isWhen(when) || !data.canCancel) return c.redirect(`/account/services/${id}`);
    return c.html(<CancelServicePage client={c.var.client} csrfToken={c.var.csrfToken} data={data} when={when} />);
  })
  .post('/services/:id/cancel', async (c) => {
    const id = parseId(c.req.param('id'));
    const { form, errors } = await formInput(c);
    const when = typeof form.when === 'string' ? form.when : '';
    const result = errors
      ? { ok: false as const, errors, status: 422 as const }
      : await attempt(() => requestCancellation(c.var.em, c.var.client!.id, id, when as 'now', c.var.deps.config.APP_SECRET, c.var.now));
    if (!result.ok) return servicePage(c, id, result.errors, result.status);
    // A term already over ends at once (schedule-cancellation.ts): said as a cancellation now.
    return redirectAfterPost(c, `/account/services/${id}?cancelled=${result.value.ended ? 'now' : 'end_of_term'}`);
  })
  // Keeps a service set to end with its term running (the client changed their mind before the day).
  .post('/services/:id/keep', async (c) => {
    const id = parseId(c.req.param('id'));
    const result = await attempt(() => withdrawCancellation(c.var.em, id, { clientId: c.var.client!.id }, c.var.now));
    if (!result.ok) return servicePage(c, id, result.errors, result.status);
    return redirectAfterPost(c, `/account/services/${id}?cancelled=withdrawn`);
  });
