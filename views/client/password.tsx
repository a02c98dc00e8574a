import type { TokenPurpose } from '../../src/modules/clients/rules/password-token.ts';
import { ClientLayout, type ClientPageProps } from './layout.tsx';
import { Csrf, Field, FormErrors, Notice, type Errors } from '../components/form.tsx';
import { t } from '../../src/i18n/locale.ts';

export function ForgotPasswordPage(props: ClientPageProps & { email?: string; errors?: Errors; sent?: boolean; problem?: string }) {
  return (
    <ClientLayout {...props} title={t('client:password.forgot.title')}>
      <section class="card narrow">
        <h1>{t('client:password.forgot.title')}</h1>
        {props.problem && <Notice kind="error">{props.problem}</Notice>}
        {props.sent ? (
          <Notice kind="ok">{t('client:password.forgot.sent')}</Notice>
        ) : (
          <p class="muted">{t('client:password.forgot.intro')}</p>
        )}
        <FormErrors errors={props.errors} known={['email']} />
        <form method="post" action="/account/forgot-password" class="stack">
          <Csrf token={props.csrfToken ?? null} />
          <Field
            name="email"
            label={t('client:fields.email')}
            type="email"
            value={props.email}
            error={props.errors?.email}
            autocomplete="email"
            required
            maxlength={254}
          />
          <button type="submit" class="primary">
            {t('client:password.forgot.submit')}
          </button>
        </form>
        <p>
          <a href="/account/sign-in">{t('client:password.forgot.back')}</a>
        </p>
      </section>
    </ClientLayout>
  );
}

export function ResetPasswordPage(props: ClientPageProps & { token: string; purpose: TokenPurpose; errors?: Errors }) {
  const title = t(props.purpose === 'set' ? 'client:password.reset.set' : 'client:password.reset.choose');
  return (
    <ClientLayout {...props} title={title}>
      <section class="card narrow">
        <h1>{title}</h1>
        <FormErrors errors={props.errors} known={['password']} />
        <form method="post" action="/account/reset-password" class="stack">
          <Csrf token={props.csrfToken ?? null} />
          <input type="hidden" name="token" value={props.token} />
          <Field
            name="password"
            label={t('client:password.new')}
            type="password"
            error={props.errors?.password}
            hint={t('client:fields.passwordHint')}
            autocomplete="new-password"
            required
            maxlength={200}
          />
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
        {/* Its own ids: the profile form beside it has a current password field too. */}
        <Field
          name="currentPassword"
          prefix="pw"
          label={t('client:password.current')}
          type="password"
          error={e.currentPassword}
          autocomplete="current-password"
          required
        />
        <Field
          name="password"
          prefix="pw"
          label={t('client:password.new')}
          type="password"
          error={e.password}
          hint={t('client:password.changeHint')}
          autocomplete="new-password"
          required
          maxlength={200}
        />
      </div>
      <div>
        <button type="submit" class="primary">
          {t('client:password.change')}
        </button>
      </div>
    </form>
  );
}
