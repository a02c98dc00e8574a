import { invoiceNumber } from '../../../src/modules/invoicing/rules/invoice-document.ts';
import { resendable } from '../../../src/modules/mail/rules/one-use-links.ts';
import type { Child } from 'hono/jsx';
import type { MailMessageDetail } from '../../../src/modules/mail/load-mail-message.ts';
import type { MailAttachment } from '../../../src/modules/mail/mail-attachments.ts';
import { AdminLayout, type PageProps } from '../../layouts/admin.tsx';
import { Csrf } from '../../components/form.tsx';
import { mailKindLabel, MailStatusBadge, MessagesTable, messageHref } from './_rows.tsx';

const when = (iso: string | null) => (iso ? `${iso.replace('T', ' ').slice(0, 19)} UTC` : '—');

/** Document numbers by id (a draft invoice has none: it is named by its id). */
export interface AttachmentNumbers {
  invoices: ReadonlyMap<number, string>;
  creditNotes: ReadonlyMap<number, string>;
}

function Attachment(props: { a: MailAttachment; numbers: AttachmentNumbers }) {
  const a = props.a;
  if (a.kind === 'invoice-pdf')
    return (
      <a href={`/admin/invoices/${a.invoiceId}`}>
        PDF of invoice {invoiceNumber({ id: a.invoiceId, number: props.numbers.invoices.get(a.invoiceId) ?? null })}
      </a>
    );
  return (
    <a href={`/admin/credit-notes/${a.creditNoteId}/pdf`}>
      PDF of credit note {props.numbers.creditNotes.get(a.creditNoteId) ?? `#${a.creditNoteId}`}
    </a>
  );
}

function Facts(props: { rows: [string, Child][] }) {
  return (
    <dl class="facts">
      {props.rows.map(([label, value]) => (
        <>
          <dt>{label}</dt>
          <dd>{value}</dd>
        </>
      ))}
    </dl>
  );
}

/**
 * One stored email as it was sent: headers, how sending went, the text and the HTML version.
 * NOTE: the HTML is shown in a sandboxed frame (no scripts, no forms, an origin of its own), from
 * srcdoc, so nothing in an email runs on the admin's page.
 */
export function MessagePage(
  props: PageProps & { message: MailMessageDetail; from: string; canWrite: boolean; numbers: AttachmentNumbers },
) {
  const m = props.message;
  return (
    <AdminLayout {...props} title={`Email #${m.id}`} active="clients">
      <p class="crumbs">
        {m.client ? (
          <>
            <a href="/admin/clients">Clients</a> / <a href={`/admin/clients/${m.client.id}`}>{m.client.name}</a> /{' '}
            <a href={`/admin/clients/${m.client.id}/messages`}>Messages</a> /
          </>
        ) : (
          <>Staff email /</>
        )}
      </p>
      <div class="heading">
        <h1>
          {m.subject} <MailStatusBadge status={m.status} />
        </h1>
        {props.canWrite && !resendable(m.kind) && (
          <p class="muted">Its one-use link is not kept once sent: send a new one from the client's or staff member's page.</p>
        )}
        {props.canWrite && resendable(m.kind) && (
          <form method="post" action={`${messageHref(m.id)}/resend`} class="inline">
            <Csrf token={props.csrfToken ?? null} />
            <button type="submit" title={`Send a copy of this email to ${m.to}`}>
              Resend
            </button>
          </form>
        )}
      </div>
      <div class="split">
        <section class="card">
          <h2>Headers</h2>
          <Facts
            rows={[
              ['From', props.from],
              ['To', m.to],
              ['Subject', m.subject],
              ['Message-ID', <code>{m.messageId}</code>],
              [
                'Attachments',
                m.attachments.length ? (
                  <ul>
                    {m.attachments.map((a) => (
                      <li>
                        <Attachment a={a} numbers={props.numbers} />
                      </li>
                    ))}
                  </ul>
                ) : (
                  'none'
                ),
              ],
            ]}
          />
        </section>
        <section class="card">
          <h2>Sending</h2>
          <Facts
            rows={[
              ['What', mailKindLabel(m.kind)],
              ['Client', m.client ? <a href={`/admin/clients/${m.client.id}`}>{m.client.name}</a> : 'none (staff email)'],
              ['Asked for', when(m.createdAt)],
              ['Sent', when(m.sentAt)],
              ['Tries', String(m.attempts)],
              ...(m.smtpResponse ? [['SMTP answer', <code>{m.smtpResponse}</code>] as [string, Child]] : []),
              ...(m.lastError ? [['Last error', <span class="error">{m.lastError}</span>] as [string, Child]] : []),
              ...(m.resentFrom !== null
                ? [['A copy of', <a href={messageHref(m.resentFrom)}>email #{m.resentFrom}</a>] as [string, Child]]
                : []),
            ]}
          />
        </section>
      </div>
      {m.copies.length > 0 && (
        <>
          <h2>Sent again</h2>
          <MessagesTable rows={m.copies} caption="Copies of this email" empty="" />
        </>
      )}
      <h2>Text version</h2>
      <pre class="preview-text">{m.text}</pre>
      <h2>HTML version</h2>
      {m.html.trim() ? (
        <iframe sandbox="" srcdoc={m.html} title="The HTML version of the email" width="100%" height="480" class="card"></iframe>
      ) : (
        <p class="muted">This email has no HTML version.</p>
      )}
    </AdminLayout>
  );
}
