import type { TokenPurpose } from '../../src/modules/clients/rules/password-token.ts';
import { ClientLayout, type ClientPageProps } from './layout.tsx';
import { Csrf, Field, FormErrors, Notice, type Errors } from '../components/form.tsx';

export const RESET_SENT = 'If an account uses that email, we have sent it a link to choose a new password. The link works for 1 hour.';

export function ForgotPasswordPage(props: ClientPageProps & { email?: string; errors?: Errors; sent?: boolean; problem?: string }) {
  return (
    <ClientLayout {...props} title="Forgot your password?">
      <section class="card narrow">
        <h1>Forgot your password?</h1>
        {props.problem && <Notice kind="error">{props.problem}</Notice>}
        {props.sent ? (
          <Notice kind="ok">{RESET_SENT}</Notice>
        ) : (
          <p class="muted">Enter the email you signed up with, and we will send you a link to choose a new password.</p>
        )}
        <FormErrors errors={props.errors} known={['email']} />
        <form method="post" action="/account/forgot-password" class="stack">
          <Csrf token={props.csrfToken ?? null} />
          <Field name="email" label="Email" type="email" value={props.email} error={props.errors?.email} autocomplete="email" required maxlength={254} />
          <button type="submit" class="primary">
            Send the link
          </button>
        </form>
        <p>
          <a href="/account/sign-in">Back to sign-in</a>
        </p>
      </section>
    </ClientLayout>
  );
}

export function ResetPasswordPage(props: ClientPageProps & { token: string; purpose: TokenPurpose; errors?: Errors }) {
  const title = props.purpose === 'set' ? 'Set your password' : 'Choose a new password';
  return (
    <ClientLayout {...props} title={title}>
      <section class="card narrow">
        <h1>{title}</h1>
        <FormErrors errors={props.errors} known={['password']} />
        <form method="post" action="/account/reset-password" class="stack">
          <Csrf token={props.csrfToken ?? null} />
          <input type="hidden" name="token" value={props.token} />
          <Field name="password" label="New password" type="password" error={props.errors?.password} hint="At least 10 characters." autocomplete="new-password" required maxlength={200} />
          <button type="submit" class="primary">
            {title}
          </button>
        </form>
      </section>
    </ClientLayout>
  );
}

export function ChangePasswordForm(props: { csrfToken: string | null; errors?: Errors }) {
  const e = props.errors ?? {};
  return (
    <form method="post" action="/account/password" class="stack" id="password-form">
      <Csrf token={props.csrfToken} />
      <FormErrors errors={e} known={['currentPassword', 'password']} />
      <div class="row">
        <Field name="currentPassword" label="Current password" type="password" error={e.currentPassword} autocomplete="current-password" required />
        <Field name="password" label="New password" type="password" error={e.password} hint="At least 10 characters. Your other sign-ins end." autocomplete="new-password" required maxlength={200} />
      </div>
      <div>
        <button type="submit" class="primary">
          Change password
        </button>
      </div>
    </form>
  );
}
