import type { ProfileChoices } from '../../src/modules/clients/list-profile-choices.ts';
import { ClientLayout, type ClientPageProps } from './layout.tsx';
import { ChangePasswordForm } from './password.tsx';
import { ProfileFields, PROFILE_FIELDS, type ProfileValues } from './profile-fields.tsx';
import { Csrf, FormErrors, type Errors } from '../components/form.tsx';

export function ProfilePage(
  props: ClientPageProps & { values: ProfileValues | Record<string, unknown>; errors?: Errors; passwordErrors?: Errors; choices: ProfileChoices },
) {
  const e = props.errors ?? {};
  return (
    <ClientLayout {...props} title="Profile" active="profile">
      <h1>Profile</h1>
      <section class="card">
        <h2>Your details</h2>
        <FormErrors errors={e} known={PROFILE_FIELDS} />
        <form method="post" action="/account/profile" class="stack" id="profile-form">
          <Csrf token={props.csrfToken ?? null} />
          <ProfileFields values={props.values} errors={e} choices={props.choices} />
          <div>
            <button type="submit" class="primary">
              Save profile
            </button>
          </div>
        </form>
      </section>
      <section class="card">
        <h2>Password</h2>
        <ChangePasswordForm csrfToken={props.csrfToken ?? null} errors={props.passwordErrors} />
      </section>
    </ClientLayout>
  );
}
