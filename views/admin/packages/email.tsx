import { raw } from 'hono/html';
import type { PackageDetail } from '../../../src/modules/catalog/serialize-package.ts';
import type { TagInfo } from '../../../src/modules/mail/rules/template-tags.ts';
import type { PageProps } from '../../layouts/admin.tsx';
import { Csrf, Field, FormErrors, TextArea, type Errors } from '../../components/form.tsx';
import { PackageShell } from './shell.tsx';

export interface EmailPreview {
  subject: string;
  html: string;
  text: string;
  unknown: string[];
}

export function EmailPreviewPane(props: { preview: EmailPreview }) {
  const p = props.preview;
  return (
    <div id="email-preview" class="email-preview" aria-live="polite">
      <h2>Preview with sample data</h2>
      {p.unknown.length > 0 && (
        <div class="notice warn" role="status">
          Unknown tag{p.unknown.length === 1 ? '' : 's'}: {p.unknown.map((t) => `{${t}}`).join(', ')}. {p.unknown.length === 1 ? 'It is' : 'They are'} sent exactly as typed.
        </div>
      )}
      <p>
        <strong>Subject:</strong> {p.subject || <span class="muted">(empty)</span>}
      </p>
      <div class="preview-html" hx-disable>
        {raw(p.html)}
      </div>
      <pre class="preview-text">{p.text}</pre>
    </div>
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
        <form method="post" action={base} hx-boost="true" class="stack">
          <Csrf token={props.csrfToken ?? null} />
          <input type="hidden" name="language" value={props.language} />
          <FormErrors errors={e} known={['subject', 'html', 'text']} />
          <fieldset disabled={!props.canWrite} hx-post={`${base}/preview`} hx-trigger="input changed delay:400ms" hx-target="#email-preview" hx-swap="outerHTML" hx-include="closest form">
            <Field name="subject" label="Subject" value={props.values.subject} error={e.subject} maxlength={200} />
            <TextArea name="html" label="HTML body" value={props.values.html} error={e.html} rows={10} />
            <TextArea name="text" label="Text body" value={props.values.text} error={e.text} rows={8} hint="Shown by mail programs that do not display HTML. Fill in both." />
          </fieldset>
          {props.canWrite && (
            <div>
              <button type="submit" class="primary">
                Save welcome email
              </button>
            </div>
          )}
        </form>
        <aside>
          <h2>Tags</h2>
          <table class="table compact">
            <caption class="sr-only">Available tags</caption>
            <tbody>
              {props.tags.map((t) => (
                <tr>
                  <td>
                    <code>{`{${t.name}}`}</code>
                  </td>
                  <td>{t.description}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <EmailPreviewPane preview={props.preview} />
        </aside>
      </div>
    </PackageShell>
  );
}
