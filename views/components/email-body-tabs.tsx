import type { Child } from 'hono/jsx';
import { RichTextArea } from './rich-text.tsx';

/**
 * An email's HTML body (the rich text editor) and its text body, as two tabs once script runs
 * (public/rich-text.js); without it both show, one under the other.
 */
export function EmailBodyTabs(props: { html: string; error?: string; text: Child }) {
  return (
    <>
      <div class="body-tabs" data-tabs hidden>
        <button type="button" data-tab="email-html-panel">
          HTML
        </button>
        <button type="button" data-tab="email-text-panel">
          Text
        </button>
      </div>
      <div id="email-html-panel" class="tab-panel">
        <RichTextArea
          name="html"
          label="HTML body"
          value={props.html}
          error={props.error}
          rows={12}
          hint="Scripts, event handlers and javascript: links are removed on save."
        />
      </div>
      <div id="email-text-panel" class="tab-panel">
        {props.text}
      </div>
    </>
  );
}
