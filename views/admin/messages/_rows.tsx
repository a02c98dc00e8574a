import type { ClientMessageRow } from '../../../src/modules/mail/list-client-messages.ts';
import type { MailStatus } from '../../../src/modules/mail/mail.entities.ts';
import { isNoticeEvent, NOTICE_EVENT_INFO } from '../../../src/modules/notices/rules/notice-events.ts';

// One email per row, the same on the client page's card, the client's message log and under an
// email's copies: when, what, subject (with the server's answer or the error), to, status.

export const MESSAGE_COLUMNS = ['When', 'What', 'Subject', 'To', 'Status', 'Tries'] as const;

const BADGE: Record<MailStatus, string> = { queued: 'muted', sending: 'service-pending', sent: 'ok', failed: 'status-inactive' };

export function MailStatusBadge(props: { status: MailStatus }) {
  return <span class={`badge ${BADGE[props.status]}`}>{props.status}</span>;
}

export const messageHref = (id: number) => `/admin/messages/${id}`;

/** The emails that are not notices staff edit (those are named as on the notice settings). */
const OTHER_KINDS: Readonly<Record<string, string>> = {
  welcome: 'Welcome',
  'welcome-test': 'Welcome (a test)',
  'password-set': 'Password set-up',
  'password-reset': 'Password reset',
  'staff-invite': 'Staff invitation',
  dispute: 'Card dispute',
  invoice: 'Invoice',
  other: 'Other',
};

/** What an email is, as staff read it ("Payment receipt", not payment_receipt); an unknown kind as stored. */
export function mailKindLabel(kind: string): string {
  return isNoticeEvent(kind) ? NOTICE_EVENT_INFO[kind].label : (OTHER_KINDS[kind] ?? kind);
}

export function MessageRow(props: { m: ClientMessageRow }) {
  const m = props.m;
  return (
    <tr>
      <td class="nowrap">
        <a href={messageHref(m.id)}>{m.at.replace('T', ' ').slice(0, 16)}</a>
      </td>
      <td class="nowrap">{mailKindLabel(m.kind)}</td>
      <td class="prose">
        <a href={messageHref(m.id)}>{m.subject}</a>
        {m.lastError ? <p class="error">{m.lastError}</p> : m.smtpResponse ? <p class="small muted">{m.smtpResponse}</p> : null}
      </td>
      <td>{m.to}</td>
      <td class="num">
        <MailStatusBadge status={m.status} />
      </td>
      <td class="num">{m.attempts}</td>
    </tr>
  );
}

/** A plain table of emails (the card on the client page, the copies of an email). */
export function MessagesTable(props: { rows: ClientMessageRow[]; caption: string; empty: string }) {
  return (
    <table class="table compact">
      <caption class="sr-only">{props.caption}</caption>
      <thead>
        <tr>
          {MESSAGE_COLUMNS.map((label, i) => (
            <th scope="col" class={i >= MESSAGE_COLUMNS.length - 2 ? 'num' : undefined}>
              {label}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {props.rows.map((m) => (
          <MessageRow m={m} />
        ))}
        {props.rows.length === 0 && (
          <tr>
            <td colspan={MESSAGE_COLUMNS.length} class="empty">
              {props.empty}
            </td>
          </tr>
        )}
      </tbody>
    </table>
  );
}
