import { Csrf } from '../../components/form.tsx';
import { AdminLayout, type PageProps } from '../../layouts/admin.tsx';

/**
 * Suspend or terminate asked without JavaScript (where the button's own dialog cannot ask): the
 * same question as a page, whose button sends the action again, confirmed.
 */
export function ConfirmServiceActionPage(
  props: PageProps & { serviceId: number; action: string; question: string; detail: string; label: string },
) {
  const back = `/admin/services/${props.serviceId}`;
  return (
    <AdminLayout {...props} title={props.question} active="services">
      <section class="card narrow">
        <h1>{props.question}</h1>
        <form method="post" action={`${back}/${props.action}`}>
          <Csrf token={props.csrfToken ?? null} />
          <input type="hidden" name="confirmed" value="1" />
          <p>{props.detail}</p>
          <button type="submit" class="danger">
            {props.label}
          </button>{' '}
          <a href={back}>Keep it as it is</a>
        </form>
      </section>
    </AdminLayout>
  );
}

/** What "End with its term" asks: the day it ends, or that it ends now when its paid term is already over. */
export function endWithTermQuestion(id: number, nextDueDate: string, today: string): { question: string; detail: string; dialog: string } {
  const asked =
    nextDueDate <= today
      ? {
          question: `End service #${id} now?`,
          detail: `Its paid term ended on ${nextDueDate}: it ends now, with its add-ons, and the client is emailed.`,
        }
      : {
          question: `End service #${id} on ${nextDueDate}?`,
          detail: 'It will not renew: it ends on that day, with its add-ons, and the client is emailed.',
        };
  return { ...asked, dialog: `${asked.question} ${asked.detail}` };
}
