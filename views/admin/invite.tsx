import { AdminLayout } from '../layouts/admin.tsx';
import { Field, FormErrors, Notice, type Errors } from '../components/form.tsx';

/** An invited staff member chooses their password; or why their link no longer works. */
export function InvitePage(props: { token: string; who?: { email: string; name: string }; problem?: string; errors?: Errors }) {
  return (
    <AdminLayout title="Choose your password">
      <section class="card narrow">
        <h1>Choose your password</h1>
        {props.problem ? (
          <>
            <Notice kind="error">{props.problem}</Notice>
            <p>
              <a href="/admin/sign-in">Sign in</a>
            </p>
          </>
        ) : (
          <>
            <p>
              Welcome, {props.who?.name}. You will sign in as <strong>{props.who?.email}</strong>.
            </p>
            <FormErrors errors={props.errors} known={['password']} />
            <form method="post" action="/admin/invite">
              <input type="hidden" name="token" value={props.token} />
              <input type="text" name="email" value={props.who?.email ?? ''} autocomplete="username" hidden />
              <Field
                name="password"
                label="Password"
                type="password"
                error={props.errors?.password}
                autocomplete="new-password"
                hint="At least 10 characters."
                required
              />
              <button type="submit" class="primary">
                Set password and sign in
              </button>
            </form>
          </>
        )}
      </section>
    </AdminLayout>
  );
}
