import type { ProfileChoices } from '../../src/modules/clients/list-profile-choices.ts';
import { ClientLayout } from './layout.tsx';
import { ProfileFields, PROFILE_FIELDS } from './profile-fields.tsx';
import { Field, FormErrors, type Errors } from '../components/form.tsx';

export function SignInPage(props: { email?: string; next?: string; errors?: Errors; flash?: string }) {
  return (
    <ClientLayout title="Sign in" flash={props.flash}>
      <section class="card narrow">
        <h1>Sign in</h1>
        <FormErrors errors={props.errors} known={['email', 'password']} />
        <form method="post" action="/account/sign-in" class="stack">
          <input type="hidden" name="next" value={props.next ?? ''} />
          <Field name="email" label="Email" type="email" value={props.email} error={props.errors?.email} autocomplete="username" required maxlength={254} />
          <Field name="password" label="Password" type="password" error={props.errors?.password} autocomplete="current-password" required />
          <div class="row-actions">
            <button type="submit" class="primary">
              Sign in
            </button>
            <a href="/account/forgot-password">Forgot your password?</a>
          </div>
        </form>
        <p class="muted">
          New here? <a href="/account/sign-up">Create an account</a>.
        </p>
      </section>
    </ClientLayout>
  );
}

export function SignUpPage(props: { values?: Record<string, unknown>; errors?: Errors; choices: ProfileChoices }) {
  const e = props.errors ?? {};
  return (
    <ClientLayout title="Create an account">
      <section class="card">
        <h1>Create an account</h1>
        <p class="lead">One account for your orders, services and invoices.</p>
        <FormErrors errors={e} known={[...PROFILE_FIELDS, 'password']} />
        <form method="post" action="/account/sign-up" class="stack">
          <ProfileFields values={props.values} errors={e} choices={props.choices}>
            <Field name="password" label="Password" type="password" error={e.password} hint="At least 10 characters." autocomplete="new-password" required maxlength={200} />
          </ProfileFields>
          <div class="row-actions">
            <button type="submit" class="primary">
              Create account
            </button>
            <span class="muted">
              Already have one? <a href="/account/sign-in">Sign in</a>.
            </span>
          </div>
        </form>
      </section>
    </ClientLayout>
  );
}
