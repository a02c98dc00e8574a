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
