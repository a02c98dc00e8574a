import { welcomeEmailFields } from '../catalog/catalog.schemas.ts';
import { sanitizeEmailHtml } from '../shared/staff-html.ts';
import { parseInput } from '../shared/validation.ts';
import { textFromHtml } from './email-html.ts';

const htmlInput = welcomeEmailFields.pick({ html: true });

/** The text body made from a draft's HTML body (tags kept as typed), for staff to edit before saving. Stores nothing. */
export function generateWelcomeText(raw: unknown): string {
  const { html } = parseInput(htmlInput, raw);
  return textFromHtml(sanitizeEmailHtml(html));
}
