import type { InboxMessage } from '../../../src/modules/mail/load-inbox-message.ts';
import { AdminLayout, type PageProps } from '../../layouts/admin.tsx';
import { inboxHref, size } from './index.tsx';

export type InboxView = 'html' | 'text';

/**
 * One message of the built-in inbox: its headers, attachments to download, and the HTML or text
 * version (a tab each, as plain links).
 * NOTE: the HTML is shown in a sandboxed frame (no scripts, no forms, an origin of its own), from
 * srcdoc, so nothing in an email runs on the admin's page.
 */
export function InboxMessagePage(props: PageProps & { message: InboxMessage; view: InboxView }) {
  const m = props.message;
  const href = inboxHref(m.id);
  return (
    <AdminLayout {...props} title={`${m.subject} · Mail inbox`} active="inbox">
      <p class="crumbs">
        <a href="/admin/inbox">Mail inbox</a> /
      </p>
      <h1>{m.subject}</h1>
      <section class="card">
        <dl class="facts">
          <dt>From</dt>
          <dd>{m.from}</dd>
          <dt>To</dt>
          <dd>{m.to}</dd>
          <dt>Received</dt>
          <dd>{m.receivedAt.replace('T', ' ').slice(0, 19)} UTC</dd>
          <dt>Message-ID</dt>
          <dd>
            <code>{m.messageId}</code>
          </dd>
          <dt>Attachments</dt>
          <dd>
            {m.attachments.length ? (
              <ul>
                {m.attachments.map((a, i) => (
                  <li>
                    <a href={`${href}/attachments/${i + 1}`} download={a.filename}>
                      {a.filename}
                    </a>{' '}
                    <span class="muted small">
                      {a.contentType}, {size(a.size)}
                    </span>
                  </li>
                ))}
              </ul>
            ) : (
              'none'
            )}
          </dd>
        </dl>
      </section>
      <nav class="tabs" aria-label="Versions of the message">
        <a href={href} aria-current={props.view === 'html' ? 'page' : undefined}>
          HTML
        </a>
        <a href={`${href}?view=text`} aria-current={props.view === 'text' ? 'page' : undefined}>
          Text
        </a>
      </nav>
      {props.view === 'text' ? (
        <pre class="preview-text">{m.text}</pre>
      ) : m.html.trim() ? (
        <iframe
          sandbox=""
          srcdoc={m.html}
          title="The HTML version of the message"
          width="100%"
          height="600"
          class="card inbox-html"
        ></iframe>
      ) : (
        <p class="muted">This message has no HTML version.</p>
      )}
    </AdminLayout>
  );
}
