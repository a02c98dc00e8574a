import { textFromHtml } from '../mail/email-html.ts';
import { previewWelcomeEmail } from '../mail/preview-welcome-email.ts';
import { NotFound } from '../shared/errors.ts';
import { isNoticeEvent, NOTICE_EVENT_INFO } from './rules/notice-events.ts';

/**
 * A draft with the message's sample values, sanitized and laid out as sent (the welcome email's
 * preview); a blank text body shows the text made from the HTML, as it would be sent.
 */
export function previewMessage(event: string, draft: { subject: string; html: string; text: string }) {
  if (!isNoticeEvent(event)) throw new NotFound('That message');
  const preview = previewWelcomeEmail(draft, NOTICE_EVENT_INFO[event].tags);
  return draft.text.trim() ? preview : { ...preview, text: textFromHtml(preview.html) };
}
