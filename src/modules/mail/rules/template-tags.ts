import { escapeHtml } from '../../shared/escape-html.ts';

// Welcome email tags: {client.name}, {service.id}, {package.name} and the plugin's own.
// NOTE: an unknown tag is left as typed (never an exception), and reported so staff see it.

export interface TagInfo {
  name: string;
  description: string;
  sample: string;
}

export const GENERAL_TAGS: readonly TagInfo[] = [
  { name: 'client.name', description: "The client's name", sample: 'Ada Lovelace' },
  { name: 'client.email', description: "The client's email", sample: 'ada@example.com' },
  { name: 'service.id', description: 'The service number', sample: '1042' },
  { name: 'service.next_due_date', description: 'The next due date', sample: '2026-12-22' },
  { name: 'package.name', description: "The package's name", sample: 'VPS Small' },
  { name: 'package.slug', description: "The package's slug", sample: 'vps-small' },
  { name: 'company.name', description: 'Your company name', sample: 'Hostbill Hosting' },
];

const TAG = /\{([a-z][a-z0-9_]*(?:\.[a-z0-9_]+)+)\}/gi;

export function renderTags(template: string, values: Readonly<Record<string, string>>, opts: { html?: boolean } = {}) {
  const unknown = new Set<string>();
  const output = template.replace(TAG, (whole, name: string) => {
    const key = name.toLowerCase();
    if (!Object.hasOwn(values, key)) {
      unknown.add(name);
      return whole;
    }
    return opts.html ? escapeHtml(values[key]!) : values[key]!;
  });
  return { output, unknown: [...unknown] };
}

export function sampleValues(tags: readonly TagInfo[]): Record<string, string> {
  return Object.fromEntries(tags.map((t) => [t.name.toLowerCase(), t.sample]));
}
