import type { EntityManager } from '@mikro-orm/postgresql';
import sanitizeHtml from 'sanitize-html';
import { PluginInstance } from '../provisioning/provisioning.entities.ts';
import { findPlugin } from '../provisioning/plugins/registry.ts';
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
 * Renders a template with sample data for staff. The HTML is sanitized for display in the
 * admin (it is staff's own markup, but the admin page must never run script from it).
 */
export function previewWelcomeEmail(template: { subject: string; html: string; text: string }, tags: readonly TagInfo[]) {
  const values = sampleValues(tags);
  const subject = renderTags(template.subject, values);
  const html = renderTags(template.html, values, { html: true });
  const text = renderTags(template.text, values);
  const unknown = [...new Set([...subject.unknown, ...html.unknown, ...text.unknown])];
  return {
    subject: subject.output,
    html: sanitizeHtml(html.output, { allowedTags: sanitizeHtml.defaults.allowedTags.concat(['img', 'h1', 'h2']), allowedSchemes: ['http', 'https', 'mailto'] }),
    text: text.output,
    unknown,
  };
}
