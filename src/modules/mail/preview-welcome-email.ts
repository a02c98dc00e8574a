import type { EntityManager } from '@mikro-orm/postgresql';
import { PluginInstance } from '../plugins/plugins.entities.ts';
import { findPlugin } from '../plugins/registry.ts';
import { carryStylesAsData, sanitizeEmailHtml } from '../shared/staff-html.ts';
import { layoutEmailHtml } from './email-html.ts';
import { GENERAL_TAGS, renderTags, sampleValues, type TagInfo } from './rules/template-tags.ts';

/** The tags a package's welcome email may use: the general ones plus its plugin's. */
export function welcomeTags(pluginTags: readonly TagInfo[] = []): TagInfo[] {
  return [...GENERAL_TAGS, ...pluginTags];
}

/** The tags for a package linked to this plugin instance (or to none). */
export async function welcomeTagsForInstance(em: EntityManager, instanceId: number | null): Promise<TagInfo[]> {
  const instance = instanceId ? await em.findOne(PluginInstance, { id: instanceId }) : null;
  return welcomeTags(instance ? findPlugin(instance.plugin)?.tags : []);
}

/**
 * Renders a template with sample data for staff (the package's own name and slug where known), sanitized and laid out exactly as the email
 * sent to a client is, so the preview shows what clients get (and the admin never runs script
 * from it). `html` is the body as sent; `shownHtml` the same for the admin page (see
 * carryStylesAsData).
 */
export function previewWelcomeEmail(
  template: { subject: string; html: string; text: string },
  tags: readonly TagInfo[],
  /** Values known for real (the package being edited: its name and slug) in place of the samples. */
  known: Readonly<Record<string, string>> = {},
) {
  const values = { ...sampleValues(tags), ...known };
  const subject = renderTags(template.subject, values);
  const html = renderTags(template.html, values, { html: true });
  const text = renderTags(template.text, values);
  const unknown = [...new Set([...subject.unknown, ...html.unknown, ...text.unknown])];
  const sent = layoutEmailHtml(sanitizeEmailHtml(html.output));
  return {
    subject: subject.output,
    html: sent,
    shownHtml: carryStylesAsData(sent),
    text: text.output,
    unknown,
  };
}
