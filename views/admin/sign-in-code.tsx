import { AdminLayout } from '../layouts/admin.tsx';
import { Field, FormErrors, type Errors } from '../components/form.tsx';

/** The second step of a two-factor sign-in: the code from the app, or a recovery code. */
export function SignInCodePage(props: { next?: string; errors?: Errors }) {
  return (
    <AdminLayout title="Sign-in code">
      <section class="card narrow">
        <h1>Enter your sign-in code</h1>
        <p>Open your authenticator app and enter the 6-digit code it shows for this account.</p>
        <FormErrors errors={props.errors} known={['code']} />
        <form method="post" action="/admin/sign-in/code">
          <input type="hidden" name="next" value={props.next ?? ''} />
          <Field
            name="code"
            label="Code"
            error={props.errors?.code}
            autocomplete="one-time-code"
            maxlength={40}
            required
            hint="Lost your phone? Enter one of your recovery codes instead."
            extra={{ autofocus: '' }}
          />
          <button type="submit" class="primary">
            Sign in
          </button>
        </form>
        <p>
          <a href="/admin/sign-in">Start again</a>
        </p>
      </section>
    </AdminLayout>
  );
}
