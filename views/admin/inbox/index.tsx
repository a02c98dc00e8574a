import type { InboxList } from '../../../src/modules/mail/list-inbox.ts';
import { AdminLayout, type PageProps } from '../../layouts/admin.tsx';
import { Csrf, type Errors } from '../../components/form.tsx';
import { FilterForm, ListResults } from '../../components/staff-list.tsx';

export type InboxListProps = InboxList & { errors?: Errors };

export const inboxHref = (id: number) => `/admin/inbox/${id}`;

export const size = (bytes: number) =>
  bytes < 1024 ? `${bytes} B` : bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(1)} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** The part htmx swaps as the filters change; the full page renders it too. */
export function InboxResults(props: InboxListProps) {
  return (
    <ListResults
      id="inbox-results"
      path="/admin/inbox"
      list={props}
      noun={['message', 'messages']}
      caption="Messages in the built-in inbox"
      empty="No mail yet: what the app sends shows up here."
      columns={['Received', 'Subject', 'To', 'Attachments', 'Size']}
      rows={props.items.map((m) => (
        <tr>
          <td class="nowrap">
            {m.receivedAt.slice(0, 10)}
            <div class="muted small">{m.receivedAt.slice(11, 19)} UTC</div>
          </td>
          <td>
            <a href={inboxHref(m.id)}>{m.subject}</a>
          </td>
          <td>{m.to}</td>
          <td class="num">{m.attachmentCount || '—'}</td>
          <td class="num nowrap">{m.attachmentCount ? size(m.attachmentBytes) : '—'}</td>
        </tr>
      ))}
    />
  );
}

/**
 * Mail the app "sent" without an SMTP server (development, no SMTP_URL), newest first. Nothing
 * here reached anyone: it is what would have been sent.
 */
export function InboxPage(props: PageProps & InboxListProps & { canWrite: boolean }) {
  return (
    <AdminLayout {...props} title="Mail inbox" active="inbox">
      <div class="heading">
        <h1>Mail inbox</h1>
        {props.canWrite && props.total > 0 && (
          <form method="post" action="/admin/inbox/clear" class="inline">
            <Csrf token={props.csrfToken ?? null} />
            <button type="submit" class="danger">
              Clear inbox
            </button>
          </form>
        )}
      </div>
      <p class="muted">Without SMTP_URL, mail is kept here instead of being sent. Set SMTP_URL to send real mail.</p>
      <FilterForm
        action="/admin/inbox"
        target="inbox-results"
        label="Filter the inbox"
        placeholder="To or subject"
        dateLabel="Received"
        query={props.query}
        errors={props.errors}
      />
      <InboxResults {...props} />
    </AdminLayout>
  );
}
