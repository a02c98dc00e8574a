import type { ClientMessageRow } from '../../../src/modules/mail/list-client-messages.ts';
import { MessagesTable } from './_rows.tsx';

/** The client page's "Messages" card: the latest emails, and the way to all of them. */
export function ClientMessagesCard(props: { clientId: number; messages: ClientMessageRow[] }) {
  return (
    <section class="card" id="messages">
      <div class="heading">
        <h2>Messages</h2>
        <a href={`/admin/clients/${props.clientId}/messages`}>All messages →</a>
      </div>
      <MessagesTable rows={props.messages} caption="Latest messages" empty="No email sent to this client yet." />
    </section>
  );
}
