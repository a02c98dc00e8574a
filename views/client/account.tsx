import type { ProfileChoices } from '../../src/modules/clients/list-profile-choices.ts';
import { ClientLayout } from './layout.tsx';
import { ProfileFields, PROFILE_FIELDS } from './profile-fields.tsx';
import { Field, FormErrors, type Errors } from '../components/form.tsx';
import { Trans } from '../components/trans.tsx';
import { t } from '../../src/i18n/locale.ts';

/** A sign-in or sign-up link that keeps where the client was going (the cart, a package page). */
const withNext = (path: string, next: string | undefined) => (next ? `${path}?next=${encodeURIComponent(next)}` : path);

export function SignInPage(props: { email?: string; next?: string; errors?: Errors; flash?: string }) {
  return (
    <ClientLayout title={t('client:signIn.title')} flash={props.flash}>
      <section class="card narrow">
        <h1>{t('client:signIn.title')}</h1>
        <FormErrors errors={props.errors} known={['email', 'password']} />
        <form method="post" action="/account/sign-in" class="stack">
          <input type="hidden" name="next" value={props.next ?? ''} />
          <Field
            name="email"
            label={t('client:fields.email')}
            type="email"
            value={props.email}
            error={props.errors?.email}
            autocomplete="username"
            required
            maxlength={254}
          />
          <Field
            name="password"
            label={t('client:fields.password')}
            type="password"
            error={props.errors?.password}
            autocomplete="current-password"
            required
          />
          <div class="row-actions">
            <button type="submit" class="primary">
              {t('client:signIn.submit')}
            </button>
            <a href="/account/forgot-password">{t('client:signIn.forgot')}</a>
          </div>
        </form>
        <p class="muted">
          <Trans
            k="client:signIn.newHere"
            parts={{ link: <a href={withNext('/account/sign-up', props.next)}>{t('client:signIn.createAccount')}</a> }}
          />
        </p>
      </section>
    </ClientLayout>
  );
}

export function SignUpPage(props: { values?: Record<string, unknown>; errors?: Errors; choices: ProfileChoices; next?: string }) {
  const e = props.errors ?? {};
  return (
    <ClientLayout title={t('client:signUp.title')}>
      <section class="card">
        <h1>{t('client:signUp.title')}</h1>
        <p class="lead">{t('client:signUp.lead')}</p>
        <FormErrors errors={e} known={[...PROFILE_FIELDS, 'password']} />
        <form method="post" action="/account/sign-up" class="stack">
          <input type="hidden" name="next" value={props.next ?? ''} />
          <ProfileFields values={props.values} errors={e} choices={props.choices}>
            <Field
              name="password"
              label={t('client:fields.password')}
              type="password"
              error={e.password}
              hint={t('client:fields.passwordHint')}
              autocomplete="new-password"
              required
              maxlength={200}
            />
          </ProfileFields>
          <div class="row-actions">
            <button type="submit" class="primary">
              {t('client:signUp.submit')}
            </button>
            <span class="muted">
              <Trans
                k="client:signUp.haveOne"
                parts={{ link: <a href={withNext('/account/sign-in', props.next)}>{t('client:signUp.signIn')}</a> }}
              />
            </span>
          </div>
        </form>
      </section>
    </ClientLayout>
  );
}
