import { raw } from 'hono/html';
import type { PackageDetail } from '../../../src/modules/catalog/serialize-package.ts';
import type { TagInfo } from '../../../src/modules/mail/rules/template-tags.ts';
import type { PageProps } from '../../layouts/admin.tsx';
import { Csrf, Field, FormErrors, TextArea, type Errors } from '../../components/form.tsx';
import { EmailBodyTabs } from '../../components/email-body-tabs.tsx';
import { PackageShell } from './shell.tsx';

export interface EmailPreview {
  subject: string;
  /** The body as sent, its style attributes carried as data-email-style (the page's CSP refuses style attributes). */
  shownHtml: string;
  text: string;
  unknown: string[];
}

/** What came of "Send a test to me": the address it went to, or why it did not go. */
export type TestResult = { sentTo: string } | { errors: Errors };

const FIELD_LABELS: Record<string, string> = { subject: 'Subject', html: 'HTML body', text: 'Text body', language: 'Language' };

/** `refused`: the form refuses unknown tags on save (billing emails) rather than sending them as typed (welcome email). */
export function EmailPreviewPane(props: { preview: EmailPreview; oob?: boolean; refused?: boolean }) {
  const p = props.preview;
  return (
    <div id="email-preview" class="email-preview" aria-live="polite" hx-swap-oob={props.oob ? 'true' : undefined}>
      <h2>Preview with sample data</h2>
      {p.unknown.length > 0 && (
        <div class="notice warn" role="status">
          Unknown tag{p.unknown.length === 1 ? '' : 's'}: {p.unknown.map((t) => `{${t}}`).join(', ')}.{' '}
          {props.refused
            ? 'Use the tags listed: saving refuses others.'
            : `${p.unknown.length === 1 ? 'It is' : 'They are'} sent exactly as typed.`}
        </div>
      )}
      <p>
        <strong>Subject:</strong> {p.subject || <span class="muted">(empty)</span>}
      </p>
      {/* NOTE: sanitized and laid out as sent; hx-disable stops htmx from acting on anything inside. */}
      <div class="preview-html" hx-disable>
        {raw(p.shownHtml)}
      </div>
      <pre class="preview-text">{p.text}</pre>
    </div>
  );
}

/** The Text body field with its "Generate from HTML" button: the fragment that button swaps. */
export function TextBodyField(props: { base: string; value: string; error?: string; generated?: boolean }) {
  return (
    <div id="email-text-field">
      <TextArea
        name="text"
        label="Text body"
        value={props.value}
        error={props.error}
        rows={12}
        hint="Shown by mail programs that do not display HTML. Fill in both."
      />
      <div class="row-actions">
        <button
          type="submit"
          formaction={`${props.base}/text`}
          hx-post={`${props.base}/text`}
          hx-target="#email-text-field"
          hx-swap="outerHTML"
          hx-include="closest form"
        >
          Generate from HTML
        </button>
        <span class="hint">
          {props.generated
            ? 'Made from the HTML body: edit it, then save.'
            : 'Replaces the text body with a text version of the HTML body.'}
        </span>
      </div>
    </div>
  );
}

export function TestResultNote(props: { result?: TestResult }) {
  const r = props.result;
  if (!r) return <div id="email-test-result"></div>;
  if ('sentTo' in r) {
    return (
      <div id="email-test-result" class="notice ok" role="status">
        A test with the sample values is on its way to {r.sentTo}.
      </div>
    );
  }
  return (
    <div id="email-test-result" class="notice error" role="alert">
      {Object.entries(r.errors).map(([field, message]) => (
        <p>
          {FIELD_LABELS[field] ? `${FIELD_LABELS[field]}: ` : ''}
          {message}
        </p>
      ))}
    </div>
  );
}

export function TagList(props: { tags: readonly TagInfo[] }) {
  return (
    <>
      <h2>Tags</h2>
      <p class="hint">Click a tag to put it where the cursor is.</p>
      <table class="table compact tags" data-tags-for="email-form">
        <caption class="sr-only">Available tags</caption>
        <tbody>
          {props.tags.map((t) => (
            <tr>
              <td>
                <button type="button" class="tag" data-insert-tag={`{${t.name}}`} title={`Insert {${t.name}}`}>
                  <code>{`{${t.name}}`}</code>
                </button>
              </td>
              <td>{t.description}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

export function EmailPage(
  props: PageProps & {
    pkg: PackageDetail;
    languages: { code: string; name: string; isDefault: boolean }[];
    language: string;
    values: { subject: string; html: string; text: string };
    tags: readonly TagInfo[];
    preview: EmailPreview;
    errors?: Errors;
    canWrite: boolean;
    saved?: boolean;
    generated?: boolean;
    test?: TestResult;
  },
) {
  const base = `/admin/packages/${props.pkg.id}/email`;
  const e = props.errors ?? {};
  return (
    <PackageShell {...props} tab="email">
      <nav class="subtabs" aria-label="Languages" hx-boost="true">
        {props.languages.map((l) => (
          <a href={`${base}?lang=${l.code}`} aria-current={l.code === props.language ? 'page' : undefined}>
            {l.name}
            {l.isDefault ? ' (default)' : ''}
            {props.pkg.welcomeEmails.some((w) => w.language === l.code) ? ' ✓' : ''}
          </a>
        ))}
      </nav>
      {props.saved && (
        <div class="notice ok" role="status">
          Welcome email saved.
        </div>
      )}
      <div class="split">
        <form id="email-form" method="post" action={base} hx-boost="true" class="stack">
          <Csrf token={props.csrfToken ?? null} />
          <input type="hidden" name="language" value={props.language} />
          <FormErrors errors={e} known={['subject', 'html', 'text']} />
          <fieldset
            disabled={!props.canWrite}
            hx-post={`${base}/preview`}
            hx-trigger="input changed delay:400ms"
            hx-target="#email-preview"
            hx-swap="outerHTML"
            hx-include="closest form"
          >
            <Field name="subject" label="Subject" value={props.values.subject} error={e.subject} maxlength={200} />
            <EmailBodyTabs
              html={props.values.html}
              error={e.html}
              text={<TextBodyField base={base} value={props.values.text} error={e.text} generated={props.generated} />}
            />
          </fieldset>
          {props.canWrite && (
            <div class="row-actions">
              <button type="submit" class="primary">
                Save welcome email
              </button>
              <button type="submit" formaction={`${base}/test`} hx-post={`${base}/test`} hx-target="#email-test-result" hx-swap="outerHTML">
                Send a test to me
              </button>
            </div>
          )}
          <TestResultNote result={props.test} />
        </form>
        <aside>
          <TagList tags={props.tags} />
          <EmailPreviewPane preview={props.preview} />
        </aside>
      </div>
    </PackageShell>
  );
}
