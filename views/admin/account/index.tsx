import type { StaffRow, TokenRow } from '../../../src/modules/staff/list-staff.ts';
import { AdminLayout, type PageProps } from '../../layouts/admin.tsx';
import { Csrf, Field, FormErrors, Notice, type Errors } from '../../components/form.tsx';
import { RecoveryCodes } from './two-factor.tsx';

const when = (d: Date | null) => (d ? `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC` : 'never');

/** A member's own account: two-factor sign-in, API tokens, where they are signed in. */
export function AccountPage(
  props: PageProps & {
    me: StaffRow;
    tokens: TokenRow[];
    required: boolean;
    newToken?: string;
    recoveryCodes?: string[];
    errors?: Errors;
  },
) {
  const token = props.csrfToken ?? null;
  const { me } = props;
  return (
    <AdminLayout {...props} title="Your account">
      <h1>Your account</h1>
      <p>
        {me.name} · {me.email} · <span class="badge">{me.role}</span>
        {me.role === 'owner' && (
          <>
            {' '}
            · <a href="/admin/staff">Manage staff</a>
          </>
        )}
      </p>
      <FormErrors errors={props.errors} known={['password', 'name', 'code']} />
      <div class="settings-grid">
        <section class="card" id="two-factor">
          <h2>Two-factor sign-in</h2>
          {me.twoFactor ? (
            <>
              <p>
                <span class="badge ok">On</span> Signing in asks for a code from your authenticator app.
              </p>
              {props.recoveryCodes && <RecoveryCodes codes={props.recoveryCodes} />}
              <form method="post" action="/admin/account/recovery-codes">
                <Csrf token={token} />
                <button type="submit">New recovery codes</button>
              </form>
              <form method="post" action="/admin/account/two-factor/off">
                <Csrf token={token} />
                <Field
                  name="password"
                  label="Your password"
                  type="password"
                  error={props.errors?.password}
                  autocomplete="current-password"
                  hint={props.required ? 'Everyone must use two-factor sign-in here: you will be asked to turn it on again.' : undefined}
                />
                <button type="submit" class="danger">
                  Turn off
                </button>
              </form>
            </>
          ) : (
            <>
              <p>
                <span class="badge warn">Off</span> Add a code from your phone to your password, so a stolen password alone cannot open the
                admin.
              </p>
              <p>
                <a class="button primary" href="/admin/account/two-factor">
                  Turn on two-factor sign-in
                </a>
              </p>
            </>
          )}
        </section>
        <section class="card" id="sessions">
          <h2>Where you are signed in</h2>
          <p>
            {me.sessions} browser session{me.sessions === 1 ? '' : 's'}, this one included. Last sign-in: {when(me.lastSignInAt)}.
          </p>
          <form method="post" action="/admin/account/sessions/end">
            <Csrf token={token} />
            <button type="submit" disabled={me.sessions <= 1}>
              Sign out everywhere else
            </button>
          </form>
        </section>
        <section class="card" id="tokens">
          <h2>API tokens</h2>
          {props.newToken && (
            <Notice kind="ok">
              <p>Your new token. Copy it now: it is not shown again.</p>
              <p>
                <code class="secret" id="new-token">
                  {props.newToken}
                </code>
              </p>
            </Notice>
          )}
          <TokenTable tokens={props.tokens} csrfToken={token} revokeBase="/admin/account/tokens" />
          <form method="post" action="/admin/account/tokens">
            <Csrf token={token} />
            <Field
              name="name"
              label="New token's name"
              error={props.errors?.name}
              maxlength={120}
              hint='Where it will be used, e.g. "Accounting export".'
            />
            <button type="submit">Create token</button>
          </form>
        </section>
      </div>
    </AdminLayout>
  );
}

/** A member's API tokens, each with a Revoke button posting to `${revokeBase}/<id>/revoke`. */
export function TokenTable(props: { tokens: TokenRow[]; csrfToken: string | null; revokeBase: string; canRevoke?: boolean }) {
  if (!props.tokens.length) return <p class="muted">No API tokens.</p>;
  return (
    <div class="table-wrap">
      <table class="table compact">
        <caption class="sr-only">API tokens</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Starts with</th>
            <th scope="col">Created</th>
            <th scope="col">Last used</th>
            {props.canRevoke !== false && (
              <th scope="col">
                <span class="sr-only">Actions</span>
              </th>
            )}
          </tr>
        </thead>
        <tbody>
          {props.tokens.map((t) => (
            <tr>
              <td>{t.name || <span class="muted">(unnamed)</span>}</td>
              <td>
                <code>{t.prefix}…</code>
              </td>
              <td>{when(t.createdAt)}</td>
              <td>{when(t.lastUsedAt)}</td>
              {props.canRevoke !== false && (
                <td>
                  <form method="post" action={`${props.revokeBase}/${t.id}/revoke`}>
                    <Csrf token={props.csrfToken} />
                    <button type="submit" class="link danger" aria-label={`Revoke ${t.name || t.prefix}`}>
                      Revoke
                    </button>
                  </form>
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
