import type { ClientMessagePage } from '../../../src/modules/mail/page-client-messages.ts';
import { AdminLayout, type PageProps } from '../../layouts/admin.tsx';
import type { Errors } from '../../components/form.tsx';
import { ListResults } from '../../components/staff-list.tsx';
import { MESSAGE_COLUMNS, MessageRow } from './_rows.tsx';

type Props = { client: { id: number; name: string }; list: ClientMessagePage & { errors?: Errors } };

/** The part the pager swaps through htmx; the whole page renders it too. */
export function ClientMessageResults(props: Props) {
  const c = props.client;
  return (
    <ListResults
      id="message-results"
      path={`/admin/clients/${c.id}/messages`}
      list={props.list}
      noun={['email', 'emails']}
      caption={`Emails to ${c.name}`}
      columns={MESSAGE_COLUMNS}
      rows={props.list.items.map((m) => (
        <MessageRow m={m} />
      ))}
      empty="No email sent to this client yet."
    />
  );
}

/** Every email to one client, newest first, a page at a time. */
export function ClientMessagesPage(props: PageProps & Props) {
  const c = props.client;
  return (
    <AdminLayout {...props} title={`Messages · ${c.name}`} active="clients">
      <p class="crumbs">
        <a href="/admin/clients">Clients</a> / <a href={`/admin/clients/${c.id}`}>{c.name}</a> /
      </p>
      <h1>Messages</h1>
      <ClientMessageResults client={c} list={props.list} />
    </AdminLayout>
  );
}
