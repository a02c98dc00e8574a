import type { StaffRow, TokenRow } from '../../../src/modules/staff/list-staff.ts';
import { STAFF_ROLES } from '../../../src/modules/staff/rules/roles.ts';
import { AdminLayout, type PageProps } from '../../layouts/admin.tsx';
import { Checkbox, Csrf, Field, FormErrors, Notice, Select, type Errors } from '../../components/form.tsx';
import { HistoryCard } from '../audit/history-card.tsx';
import { TokenTable } from '../account/index.tsx';

const ROLE_OPTIONS = STAFF_ROLES.map(
  (r) =>
    [
      r,
      r === 'owner'
        ? 'Owner: everything, staff and settings included'
        : r === 'admin'
          ? 'Admin: everything but staff'
          : 'Support: reads everything, changes nothing',
    ] as const,
);
const STATUS = { active: ['ok', 'Active'], invited: ['warn', 'Invited'], disabled: ['muted', 'Disabled'] } as const;
const when = (d: Date | null) => (d ? `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC` : 'never');

export interface InviteValues {
  email?: string;
  name?: string;
  role?: string;
}

/** Owners: everyone with access to the admin, inviting someone new, and the two-factor rule. */
export function StaffPage(
  props: PageProps & { staffList: StaffRow[]; requireTwoFactor: boolean; values?: InviteValues; errors?: Errors; notice?: string },
) {
  const token = props.csrfToken ?? null;
  const v = props.values ?? {};
  return (
    <AdminLayout {...props} title="Staff" active="staff" flash={props.notice}>
      <nav class="crumbs" aria-label="Breadcrumb">
        <a href="/admin/account">Your account</a> ›
      </nav>
      <h1>Staff</h1>
      <div class="table-wrap">
        <table class="table" id="staff-list">
          <caption class="sr-only">Staff members</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Email</th>
              <th scope="col">Role</th>
              <th scope="col">Status</th>
              <th scope="col">Two-factor</th>
              <th scope="col">Last sign-in</th>
              <th scope="col" class="num">
                Sessions
              </th>
              <th scope="col" class="num">
                API tokens
              </th>
            </tr>
          </thead>
          <tbody>
            {props.staffList.map((s) => (
              <tr>
                <td>
                  <a href={`/admin/staff/${s.id}`}>{s.name}</a>
                </td>
                <td>{s.email}</td>
                <td>{s.role}</td>
                <td>
                  <span class={`badge ${STATUS[s.status][0]}`}>{STATUS[s.status][1]}</span>
                </td>
                <td>{s.twoFactor ? 'On' : <span class="muted">Off</span>}</td>
                <td>{when(s.lastSignInAt)}</td>
                <td class="num">{s.sessions}</td>
                <td class="num">{s.tokens}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div class="settings-grid">
        <section class="card" id="invite">
          <h2>Invite someone</h2>
          <p class="hint">They get an email with a link to choose their password; the link works once, for 7 days.</p>
          <FormErrors errors={props.errors} known={['email', 'name', 'role', 'requireTwoFactor']} />
          <form method="post" action="/admin/staff">
            <Csrf token={token} />
            <Field name="name" label="Name" value={v.name} error={props.errors?.name} maxlength={120} required />
            <Field name="email" label="Email" type="email" value={v.email} error={props.errors?.email} maxlength={254} required />
            <Select name="role" label="Role" value={v.role ?? 'support'} options={ROLE_OPTIONS} error={props.errors?.role} />
            <button type="submit" class="primary">
              Send invitation
            </button>
          </form>
        </section>
        <section class="card" id="security">
          <h2>Two-factor sign-in</h2>
          <form method="post" action="/admin/staff/security">
            <Csrf token={token} />
            <Checkbox
              name="requireTwoFactor"
              label="Require two-factor sign-in for everyone"
              checked={props.requireTwoFactor}
              error={props.errors?.requireTwoFactor}
              hint="Members without it are sent to turn it on before they can use the admin. API tokens are not affected."
            />
            <button type="submit">Save</button>
          </form>
        </section>
      </div>
    </AdminLayout>
  );
}

/** One member: name and role, and what an owner can do to their access. */
export function StaffMemberPage(
  props: PageProps & {
    member: StaffRow;
    tokens: TokenRow[];
    isSelf: boolean;
    values?: { name?: string; role?: string };
    errors?: Errors;
    notice?: string;
  },
) {
  const token = props.csrfToken ?? null;
  const m = props.member;
  const base = `/admin/staff/${m.id}`;
  const action = (path: string, label: string, cls = '', disabled = false) => (
    <form method="post" action={`${base}/${path}`} class="inline">
      <Csrf token={token} />
      <button type="submit" class={cls} disabled={disabled}>
        {label}
      </button>
    </form>
  );
  return (
    <AdminLayout {...props} title={m.name} active="staff" flash={props.notice}>
      <nav class="crumbs" aria-label="Breadcrumb">
        <a href="/admin/staff">Staff</a> ›
      </nav>
      <h1>
        {m.name} <span class={`badge ${STATUS[m.status][0]}`}>{STATUS[m.status][1]}</span>
      </h1>
      <p>
        {m.email} · two-factor sign-in {m.twoFactor ? 'on' : 'off'} · last sign-in {when(m.lastSignInAt)}
      </p>
      <FormErrors errors={props.errors} known={['name', 'role']} />
      <div class="settings-grid">
        <section class="card">
          <h2>Name and role</h2>
          <form method="post" action={base}>
            <Csrf token={token} />
            <Field name="name" label="Name" value={props.values?.name ?? m.name} error={props.errors?.name} maxlength={120} required />
            <Select name="role" label="Role" value={props.values?.role ?? m.role} options={ROLE_OPTIONS} error={props.errors?.role} />
            <button type="submit" class="primary">
              Save
            </button>
          </form>
        </section>
        <section class="card">
          <h2>Access</h2>
          {m.status === 'invited' && (
            <p>
              {m.name} has not chosen a password yet. {action('invite', 'Send a new invitation')}
            </p>
          )}
          <p>
            {m.sessions} active session{m.sessions === 1 ? '' : 's'}. {action('sessions/end', 'Sign out everywhere', '', m.sessions === 0)}
          </p>
          {m.twoFactor && (
            <p>Lost their phone and their recovery codes? {action('two-factor/off', 'Turn off two-factor sign-in', 'danger')}</p>
          )}
          {props.isSelf ? (
            <Notice kind="info">This is you: another owner can disable your account, not you.</Notice>
          ) : m.status === 'disabled' ? (
            <p>{action('enable', 'Enable account')}</p>
          ) : (
            <p>
              Disabling signs them out at once and refuses their API tokens, keeping the account and its history.{' '}
              {action('disable', 'Disable account', 'danger')}
            </p>
          )}
        </section>
        <section class="card">
          <h2>API tokens</h2>
          <TokenTable tokens={props.tokens} csrfToken={token} revokeBase={`${base}/tokens`} />
        </section>
      </div>
      <HistoryCard objectType="staff" objectId={m.id} />
    </AdminLayout>
  );
}
