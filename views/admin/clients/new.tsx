import type { ProfileChoices } from '../../../src/modules/clients/list-profile-choices.ts';
import { AdminLayout, type PageProps } from '../../layouts/admin.tsx';
import { Csrf, FormErrors, type Errors } from '../../components/form.tsx';
import { ProfileFields, PROFILE_FIELDS } from '../../client/profile-fields.tsx';

export function NewClientPage(props: PageProps & { values?: Record<string, unknown>; errors?: Errors; choices: ProfileChoices }) {
  return (
    <AdminLayout {...props} title="New client" active="clients">
      <p class="crumbs">
        <a href="/admin/clients">Clients</a> /
      </p>
      <h1>New client</h1>
      <section class="card">
        <p class="lead">The client gets an email with a link to set their password (valid 7 days).</p>
        <FormErrors errors={props.errors} known={PROFILE_FIELDS} />
        <form method="post" action="/admin/clients" class="stack">
          <Csrf token={props.csrfToken ?? null} />
          <ProfileFields staff values={props.values} errors={props.errors} choices={props.choices} />
          <div>
            <button type="submit" class="primary">
              Create client and send the email
            </button>
          </div>
        </form>
      </section>
    </AdminLayout>
  );
}
