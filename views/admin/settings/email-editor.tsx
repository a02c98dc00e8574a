import { AdminLayout, type PageProps } from '../../layouts/admin.tsx';
import { Csrf, Field, FormErrors, TextArea, type Errors } from '../../components/form.tsx';
import { EmailBodyTabs } from '../../components/email-body-tabs.tsx';
import { EmailPreviewPane, TagList, type EmailPreview } from '../packages/email.tsx';
import type { TagInfo } from '../../../src/modules/mail/rules/template-tags.ts';

export interface EmailEditorProps {
  info: { event: string; label: string; when: string; tags: readonly TagInfo[] };
  languages: { code: string; name: string; isDefault: boolean; worded: boolean }[];
  language: string;
  /** Whether staff worded it in this language (else the built-in wording is shown and sent). */
  stored: boolean;
  values: { subject: string; html: string; text: string };
  preview: EmailPreview;
  canWrite: boolean;
  errors?: Errors;
  saved?: 'saved' | 'reset';
}

/** One billing email in one language: the welcome email's editor, tags and preview. */
export function EmailEditorPage(props: PageProps & EmailEditorProps) {
  const base = `/admin/settings/emails/${props.info.event}`;
  const e = props.errors ?? {};
  const languageName = props.languages.find((l) => l.code === props.language)?.name ?? props.language;
  return (
    <AdminLayout
      {...props}
      title={`${props.info.label} email`}
      active="settings"
      flash={props.saved === 'saved' ? 'Email saved.' : props.saved === 'reset' ? 'The built-in wording is back.' : undefined}
    >
      <p class="crumbs">
        <a href="/admin/settings">Settings</a> › <a href="/admin/settings/emails">Emails</a> ›
      </p>
      <h1>{props.info.label}</h1>
      <p class="hint">{props.info.when}</p>
      <nav class="subtabs" aria-label="Languages" hx-boost="true">
        {props.languages.map((l) => (
          <a href={`${base}?lang=${l.code}`} aria-current={l.code === props.language ? 'page' : undefined}>
            {l.name}
            {l.isDefault ? ' (default)' : ''}
            {l.worded ? ' ✓' : ''}
          </a>
        ))}
      </nav>
      <p class="notice" role="status">
        {props.stored
          ? `Your own ${languageName} wording is sent.`
          : `The built-in wording is sent in ${languageName}; save to send your own.`}
      </p>
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
              text={
                <TextArea
                  name="text"
                  label="Text body"
                  value={props.values.text}
                  error={e.text}
                  rows={12}
                  hint="Shown by mail programs that do not display HTML. Left blank, it is made from the HTML body."
                />
              }
            />
          </fieldset>
          {props.canWrite && (
            <div class="row-actions">
              <button type="submit" class="primary">
                Save email
              </button>
              <button type="submit" formaction={`${base}/preview`}>
                Preview
              </button>
            </div>
          )}
        </form>
        <aside>
          <TagList tags={props.info.tags} />
          <EmailPreviewPane preview={props.preview} refused />
        </aside>
      </div>
      {props.canWrite && props.stored && (
        <form
          method="post"
          action={`${base}/reset`}
          hx-boost="true"
          hx-confirm={`Replace your ${languageName} wording with the built-in one?`}
        >
          <Csrf token={props.csrfToken ?? null} />
          <input type="hidden" name="language" value={props.language} />
          <button type="submit" class="danger">
            Reset to default
          </button>
        </form>
      )}
    </AdminLayout>
  );
}
