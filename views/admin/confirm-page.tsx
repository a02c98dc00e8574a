import { Csrf } from '../components/form.tsx';
import { AdminLayout, type LayoutProps, type PageProps } from '../layouts/admin.tsx';

/** A question a button's dialog asks with JavaScript, put as a page of its own without. */
export interface Question {
  question: string;
  detail: string;
  /** The button that goes ahead. */
  label: string;
}

/**
 * An action asked first, without JavaScript (where the button's own dialog cannot ask): the same
 * question as a page, whose button sends the action again, confirmed, with `carry` (what the
 * first form held, such as a bank reference) as it was typed.
 */
export function ConfirmActionPage(
  props: PageProps &
    Question & {
      action: string;
      back: string;
      active: LayoutProps['active'];
      carry?: Readonly<Record<string, string>>;
      danger?: boolean;
    },
) {
  return (
    <AdminLayout {...props} title={props.question}>
      <section class="card narrow">
        <h1>{props.question}</h1>
        <form method="post" action={props.action}>
          <Csrf token={props.csrfToken ?? null} />
          <input type="hidden" name="confirmed" value="1" />
          {Object.entries(props.carry ?? {}).map(([name, value]) => (
            <input type="hidden" name={name} value={value} />
          ))}
          <p>{props.detail}</p>
          <button type="submit" class={props.danger === false ? 'primary' : 'danger'}>
            {props.label}
          </button>{' '}
          <a href={props.back}>Keep it as it is</a>
        </form>
      </section>
    </AdminLayout>
  );
}
