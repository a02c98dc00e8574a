import { AdminLayout, type PageProps } from '../../layouts/admin.tsx';
import { Csrf, Field, FormErrors, Notice, type Errors } from '../../components/form.tsx';

/** Recovery codes, shown once: when two-factor sign-in is turned on, or the codes are renewed. */
export function RecoveryCodes(props: { codes: string[] }) {
  return (
    <Notice kind="warn">
      <p>
        <strong>Your recovery codes.</strong> Keep them somewhere safe (a password manager, or printed): each one signs you in once if you
        lose your phone. They are not shown again.
      </p>
      <ol class="recovery-codes" id="recovery-codes">
        {props.codes.map((c) => (
          <li>
            <code>{c}</code>
          </li>
        ))}
      </ol>
    </Notice>
  );
}

/** Enrolment: the QR code (and the key, to type in), then a code from the app to prove it. */
export function TwoFactorPage(
  props: PageProps & { qrDataUrl: string; secret: string; sealed: string; required: boolean; errors?: Errors },
) {
  return (
    <AdminLayout {...props} title="Two-factor sign-in">
      <nav class="crumbs" aria-label="Breadcrumb">
        <a href="/admin/account">Your account</a> ›
      </nav>
      <h1>Turn on two-factor sign-in</h1>
      {props.required && <Notice kind="warn">An owner requires two-factor sign-in for everyone here. Turn it on to continue.</Notice>}
      <FormErrors errors={props.errors} known={['code']} />
      <section class="card narrow two-factor">
        <ol>
          <li>
            Open an authenticator app on your phone (Google Authenticator, Microsoft Authenticator, 1Password, Aegis, …) and scan this code.
            <p>
              <img class="qr" src={props.qrDataUrl} width="200" height="200" alt="QR code for your authenticator app" />
            </p>
            <details>
              <summary>Cannot scan it? Type this key instead</summary>
              <p>
                <code class="secret" id="totp-key">
                  {props.secret.match(/.{1,4}/g)!.join(' ')}
                </code>
              </p>
            </details>
          </li>
          <li>
            Enter the 6-digit code the app shows.
            <form method="post" action="/admin/account/two-factor">
              <Csrf token={props.csrfToken ?? null} />
              <input type="hidden" name="secret" value={props.sealed} />
              <Field
                name="code"
                label="Code"
                error={props.errors?.code}
                inputmode="numeric"
                autocomplete="one-time-code"
                maxlength={12}
                required
              />
              <button type="submit" class="primary">
                Turn on
              </button>
            </form>
          </li>
        </ol>
      </section>
    </AdminLayout>
  );
}

/** After turning it on: the recovery codes, once. */
export function TwoFactorDonePage(props: PageProps & { codes: string[] }) {
  return (
    <AdminLayout {...props} title="Two-factor sign-in is on">
      <h1>Two-factor sign-in is on</h1>
      <p>From now on, signing in asks for a code from your app after your password.</p>
      <RecoveryCodes codes={props.codes} />
      <p>
        <a class="button primary" href="/admin/account">
          I have saved them
        </a>
      </p>
    </AdminLayout>
  );
}
