import { Hono, type Context } from 'hono';
import { calendarDateOf } from '../../modules/shared/dates.ts';
import { ServicePage } from '../../../views/admin/services/show.tsx';
import { ServiceResults, ServicesPage } from '../../../views/admin/services/index.tsx';
import { loadServiceSchedule } from '../../modules/billing/load-service-schedule.ts';
import { changeServiceStatus } from '../../modules/services/change-service-status.ts';
import { cancelAtEndOfTerm } from '../../modules/services/cancel-at-end-of-term.ts';
import { loadWithdrawFacts, withdrawCancellation } from '../../modules/services/withdraw-cancellation.ts';
import { withdrawRefusal } from '../../modules/services/rules/withdraw-cancellation.ts';
import { listServices } from '../../modules/services/list-services.ts';
import { loadService } from '../../modules/services/load-service.ts';
import { listServiceInvoices } from '../../modules/services/list-service-invoices.ts';
import { resendWelcomeEmail } from '../../modules/services/resend-welcome-email.ts';
import { retryProvisioning } from '../../modules/provisioning/retry-provisioning.ts';
import { loadServiceChangeSummary } from '../../modules/scaling/load-service-change-summary.ts';
import { CHANGE_FLASH, serviceChangeRoutes } from './service-change.tsx';
import { serviceAddonRoutes } from './service-addons.tsx';
import { canWrite } from '../../modules/staff/rules/roles.ts';
import { fields, isHtmx, readForm } from '../form.ts';
import { endWithTermQuestion } from '../../../views/admin/services/confirm-action.tsx';
import { ConfirmActionPage, type Question } from '../../../views/admin/confirm-page.tsx';
import { attempt, layoutProps, parseId, redirectAfterPost } from '../respond.ts';
import type { Env } from '../types.ts';

const FLASH: Record<string, string> = {
  retry: 'Provisioning queued again.',
  suspend: 'Service suspended.',
  unsuspend: 'Service unsuspended.',
  terminate: 'Service terminated; its unit is back in stock.',
  'resend-welcome': 'Welcome email queued.',
  'cancel-at-end': 'The service ends with its term and will not renew; the client is emailed.',
  'cancel-ended': 'Its term was already over: the service is cancelled, and the client is emailed.',
  'cancel-already': 'This service was already set to end with its term; nothing changed.',
  'keep-running': 'The service keeps running and renews on its due date; its renewal is invoiced as usual, and the client is emailed.',
};

async function show(c: Context<Env>, id: number, errors?: Record<string, string>, status: 200 | 409 | 422 = 200) {
  const service = await loadService(c.var.em, id);
  const [schedule, invoices, withdraw] = await Promise.all([
    loadServiceSchedule(c.var.em, id, undefined, c.var.now),
    listServiceInvoices(c.var.em, id, 'staff'),
    loadWithdrawFacts(c.var.em, id),
  ]);
  return c.html(
    <ServicePage
      {...layoutProps(c)}
      service={service}
      schedule={schedule}
      invoices={invoices}
      canWrite={canWrite(c.var.staff!.role)}
      errors={errors}
      flash={FLASH[c.req.query('done') ?? ''] ?? CHANGE_FLASH[c.req.query('changed') ?? '']}
      change={await loadServiceChangeSummary(c.var.em, id)}
      today={calendarDateOf(c.var.now)}
      canKeepRunning={!!withdraw && withdrawRefusal(withdraw.facts, calendarDateOf(c.var.now)) === null}
    />,
    status,
  );
}

/** An action whose page says `done` (named by what it returned, where that differs). */
function act<T>(done: string | ((result: T) => string), run: (c: Context<Env>, id: number) => Promise<T>) {
  return async (c: Context<Env>) => {
    const id = parseId(c.req.param('id'));
    const result = await attempt(() => run(c, id));
    if (!result.ok) return show(c, id, result.errors, result.status);
    return redirectAfterPost(c, `/admin/services/${id}?done=${typeof done === 'string' ? done : done(result.value)}`);
  };
}

/** What suspend and terminate ask first (the service page's dialog, or this page without JavaScript). */
type Asked = 'suspend' | 'terminate' | 'cancel-at-end';

const ASKED: Record<Asked, (c: Context<Env>, id: number) => Question | Promise<Question>> = {
  suspend: (_c, id) => ({
    question: `Suspend service #${id}?`,
    detail: 'Its panel suspends it; it stays suspended until staff unsuspend it.',
    label: 'Suspend service',
  }),
  terminate: (_c, id) => ({
    question: `Terminate service #${id}?`,
    detail: 'Its panel removes it, its unit returns to stock and its unpaid invoices are voided. It cannot be undone.',
    label: 'Terminate service',
  }),
  // The day it ends, as the button's dialog says it (a service with no term is refused when sent).
  'cancel-at-end': async (c, id) => {
    const s = await loadService(c.var.em, id);
    const { question, detail } = s.nextDueDate
      ? endWithTermQuestion(id, s.nextDueDate, calendarDateOf(c.var.now))
      : { question: `End service #${id} with its term?`, detail: 'It has no term to end.' };
    return { question, detail, label: 'End with its term' };
  },
};

/** An action asked first: carried out only when the request says it was confirmed. */
function confirmed<T>(name: Asked, run: (c: Context<Env>, id: number) => Promise<T>, done: string | ((result: T) => string) = name) {
  const carryOut = act(done, run);
  return async (c: Context<Env>) => {
    const id = parseId(c.req.param('id'));
    if (fields(await readForm(c)).confirmed === '1') return carryOut(c);
    const back = `/admin/services/${id}`;
    return c.html(
      <ConfirmActionPage {...layoutProps(c)} active="services" action={`${back}/${name}`} back={back} {...await ASKED[name](c, id)} />,
    );
  };
}

const actor = (c: Context<Env>) => c.var.staff!.email;
const secret = (c: Context<Env>) => c.var.deps.config.APP_SECRET;

export const serviceRoutes = new Hono<Env>()
  .route('/', serviceChangeRoutes)
  .route('/', serviceAddonRoutes)
  .get('/', async (c) => {
    const result = await attempt(() => listServices(c.var.em, c.req.query()));
    const list = result.ok ? result.value : { ...(await listServices(c.var.em, {})), errors: result.errors };
    if (isHtmx(c)) return c.html(<ServiceResults {...list} />, result.ok ? 200 : 422);
    return c.html(<ServicesPage {...layoutProps(c)} {...list} />, result.ok ? 200 : 422);
  })
  .get('/:id', (c) => show(c, parseId(c.req.param('id'))))
  .post(
    '/:id/retry',
    act('retry', (c, id) => retryProvisioning(c.var.em, id, actor(c), c.var.now)),
  )
  .post(
    '/:id/suspend',
    confirmed('suspend', (c, id) => changeServiceStatus(c.var.em, id, 'suspend', actor(c), secret(c), c.var.now)),
  )
  .post(
    '/:id/unsuspend',
    act('unsuspend', (c, id) => changeServiceStatus(c.var.em, id, 'unsuspend', actor(c), secret(c), c.var.now)),
  )
  .post(
    '/:id/terminate',
    confirmed('terminate', (c, id) => changeServiceStatus(c.var.em, id, 'terminate', actor(c), secret(c), c.var.now)),
  )
  .post(
    '/:id/cancel-at-end',
    confirmed(
      'cancel-at-end',
      (c, id) => cancelAtEndOfTerm(c.var.em, id, actor(c), c.var.now),
      (r) => (r.already ? 'cancel-already' : r.ended ? 'cancel-ended' : 'cancel-at-end'),
    ),
  )
  .post(
    '/:id/keep-running',
    act('keep-running', (c, id) => withdrawCancellation(c.var.em, id, { staff: actor(c) }, c.var.now)),
  )
  .post(
    '/:id/resend-welcome',
    act('resend-welcome', (c, id) => resendWelcomeEmail(c.var.em, id, actor(c), c.var.now)),
  );
