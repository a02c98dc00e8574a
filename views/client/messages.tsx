import type { ClientMessagePage } from '../../src/modules/mail/page-client-messages.ts';
import type { ClientMessage } from '../../src/modules/mail/load-client-message.ts';
import type { ClientMessageRow } from '../../src/modules/mail/list-client-messages.ts';
import type { MailAttachment } from '../../src/modules/mail/mail-attachments.ts';
import { invoiceNumber } from '../../src/modules/invoicing/rules/invoice-document.ts';
import { t } from '../../src/i18n/locale.ts';
import { date } from '../components/money.ts';
import { Pager } from '../components/pager.tsx';
import { ClientLayout, type ClientPageProps } from './layout.tsx';

// The client's emails, as sent: the list (newest first, a page at a time) and one email.

export const clientMessageHref = (id: number) => `/account/messages/${id}`;

const NOT_SENT: Partial<Record<ClientMessageRow['status'], 'onItsWay' | 'notDelivered'>> = {
  queued: 'onItsWay',
  sending: 'onItsWay',
  failed: 'notDelivered',
};

/** "on its way" or "not delivered" beside an email not (yet) in the client's inbox; nothing once sent. */
export function NotSentNote(props: { status: ClientMessageRow['status'] }) {
  const key = NOT_SENT[props.status];
  return key ? <span class="muted small"> · {t(`client:messages.${key}`)}</span> : null;
}

export function MessagesPage(props: ClientPageProps & { list: ClientMessagePage }) {
  const list = props.list;
  return (
    <ClientLayout {...props} title={t('client:messages.title')} active="messages">
      <h1>{t('client:messages.title')}</h1>
      <p class="muted">{t('client:messages.intro')}</p>
      <div id="message-results">
        <table class="table" id="messages">
          <caption class="sr-only">{t('client:messages.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('client:messages.date')}</th>
              <th scope="col">{t('client:messages.subject')}</th>
            </tr>
          </thead>
          <tbody>
            {list.items.map((m) => (
              <tr>
                <td class="nowrap">{date(m.at)}</td>
                <td class="prose">
                  <a href={clientMessageHref(m.id)}>{m.subject}</a>
                  <NotSentNote status={m.status} />
                </td>
              </tr>
            ))}
            {list.items.length === 0 && (
              <tr>
                <td colspan={2} class="empty">
                  {list.total ? t('client:messages.pastEnd') : t('client:messages.empty')}
                </td>
              </tr>
            )}
          </tbody>
        </table>
        <Pager page={list.page} pages={list.pages} href={(page) => `/account/messages?page=${page}`} target="message-results" />
      </div>
    </ClientLayout>
  );
}

/** Document numbers by id, for naming what an email attached (a draft invoice has none). */
type AttachmentNumbers = { invoices: ReadonlyMap<number, string>; creditNotes: ReadonlyMap<number, string> };

function Attachment(props: { a: MailAttachment; numbers: AttachmentNumbers }) {
  const a = props.a;
  if (a.kind === 'invoice-pdf') {
    const number = invoiceNumber({ id: a.invoiceId, number: props.numbers.invoices.get(a.invoiceId) ?? null });
    return <a href={`/account/invoices/${a.invoiceId}`}>{t('client:messages.invoice', { number })}</a>;
  }
  const number = props.numbers.creditNotes.get(a.creditNoteId) ?? `#${a.creditNoteId}`;
  return <a href={`/account/credit-notes/${a.creditNoteId}/pdf`}>{t('client:messages.creditNote', { number })}</a>;
}

/**
 * One email. NOTE: its HTML is shown in a sandboxed frame (no scripts, no forms, an origin of its
 * own), from srcdoc, so nothing in an email runs on the client's page.
 */
export function MessagePage(
  props: ClientPageProps & {
    message: ClientMessage;
    numbers: AttachmentNumbers;
  },
) {
  const m = props.message;
  return (
    <ClientLayout {...props} title={m.subject} active="messages">
      <p class="crumbs">
        <a href="/account/messages">{t('client:messages.title')}</a> /
      </p>
      <h1>{m.subject}</h1>
      <dl class="facts card" id="message-facts">
        <dt>{t('client:messages.to')}</dt>
        <dd>{m.to}</dd>
        <dt>{t('client:messages.date')}</dt>
        <dd>
          {date(m.sentAt ?? m.at)}
          <NotSentNote status={m.status} />
        </dd>
        {m.attachments.length > 0 && (
          <>
            <dt>{t('client:messages.attachments')}</dt>
            <dd>
              <ul class="plain">
                {m.attachments.map((a) => (
                  <li>
                    <Attachment a={a} numbers={props.numbers} />
                  </li>
                ))}
              </ul>
            </dd>
          </>
        )}
      </dl>
      {m.holdsLink ? (
        <p class="card" id="message-withheld">
          {t('client:messages.holdsLink')}
        </p>
      ) : m.html.trim() ? (
        <>
          <iframe
            sandbox=""
            srcdoc={m.html}
            title={t('client:messages.html')}
            width="100%"
            height="520"
            class="card message-frame"
          ></iframe>
          <details>
            <summary>{t('client:messages.text')}</summary>
            <pre class="preview-text">{m.text}</pre>
          </details>
        </>
      ) : (
        <pre class="preview-text card">{m.text}</pre>
      )}
    </ClientLayout>
  );
}
