// A store card's short description: the package's (sanitized) HTML as plain text, cut at a word.
// The result is text, escaped by the view like any other; it never goes out as HTML.

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", apos: "'", nbsp: ' ' };

export function excerpt(html: string, max = 160): string {
  const blocks = html
    .replace(/<(script|style)\b[\s\S]*?<\/\1>/gi, ' ')
    // Block tags separate words; inline ones (<strong>) sit inside them, so they leave nothing.
    .replace(/<\/?(p|div|li|ul|ol|br|h[1-6]|tr|td|th|table|blockquote|section|article|pre|hr)\b[^>]*>/gi, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&(amp|lt|gt|quot|#39|apos|nbsp);/g, (_, name: string) => ENTITIES[name] ?? ' ')
    .split('\n')
    .map((b) => b.replace(/\s+/g, ' ').trim())
    .filter(Boolean);
  // NOTE: blocks run together on one line: list items and lines without their own stop would read
  // as one sentence ("Daily backups Email included"), so they are kept apart with a middle dot.
  const text = blocks.reduce((all, b) => (!all ? b : /[.!?:;,·]$/.test(all) ? `${all} ${b}` : `${all} · ${b}`), '');
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  // NOTE: cut at the last space so a word is never split; a single long word is cut as is.
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).replace(/[\s,.;:]+$/, '')}…`;
}
