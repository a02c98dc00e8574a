import { AdminLayout } from '../layouts/admin.tsx';
import { Field, FormErrors, type Errors } from '../components/form.tsx';

export function SignInPage(props: { email?: string; next?: string; errors?: Errors }) {
  return (
    <AdminLayout title="Sign in">
      <section class="card narrow">
        <h1>Staff sign-in</h1>
        <FormErrors errors={props.errors} known={['email', 'password']} />
        <form method="post" action="/admin/sign-in">
          <input type="hidden" name="next" value={props.next ?? ''} />
          <Field name="email" label="Email" type="email" value={props.email} error={props.errors?.email} autocomplete="username" required />
          <Field name="password" label="Password" type="password" error={props.errors?.password} autocomplete="current-password" required />
          <button type="submit" class="primary">
            Sign in
          </button>
        </form>
      </section>
    </AdminLayout>
  );
}
