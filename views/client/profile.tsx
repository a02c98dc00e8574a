import type { ProfileChoices } from '../../src/modules/clients/list-profile-choices.ts';
import { ClientLayout, type ClientPageProps } from './layout.tsx';
import { ChangePasswordForm } from './password.tsx';
import { ProfileFields, PROFILE_FIELDS, type ProfileValues } from './profile-fields.tsx';
import { Csrf, Field, FormErrors, type Errors } from '../components/form.tsx';
import { t } from '../../src/i18n/locale.ts';

export function ProfilePage(
  props: ClientPageProps & {
    values: ProfileValues | Record<string, unknown>;
    errors?: Errors;
    passwordErrors?: Errors;
    choices: ProfileChoices;
  },
) {
  const e = props.errors ?? {};
  return (
    <ClientLayout {...props} title={t('client:profile.title')} active="profile">
      <h1>{t('client:profile.title')}</h1>
      <section class="card">
        <h2>{t('client:profile.details')}</h2>
        <FormErrors errors={e} known={[...PROFILE_FIELDS, 'currentPassword']} />
        <form method="post" action="/account/profile" class="stack" id="profile-form">
          <Csrf token={props.csrfToken ?? null} />
          <ProfileFields values={props.values} errors={e} choices={props.choices} />
          <div class="row">
            <Field
              name="currentPassword"
              label={t('client:profile.currentPassword')}
              type="password"
              error={e.currentPassword}
              hint={t('client:profile.currentPasswordHint')}
              autocomplete="current-password"
              maxlength={200}
            />
          </div>
          <div>
            <button type="submit" class="primary">
              {t('client:profile.save')}
            </button>
          </div>
        </form>
      </section>
      <section class="card">
        <h2>{t('client:profile.password')}</h2>
        <ChangePasswordForm csrfToken={props.csrfToken ?? null} errors={props.passwordErrors} />
      </section>
    </ClientLayout>
  );
}
