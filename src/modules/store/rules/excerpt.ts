// A store card's short description: the package's (sanitized) HTML as plain text, cut at a word.
// The result is text, escaped by the view like any other; it never goes out as HTML.

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", apos: "'", nbsp: ' ' };

export function excerpt(html: string, max = 160): string {
  const text = html
    .replace(/<(script|style)\b[\s\S]*?<\/\1>/gi, ' ')
    // Block tags separate words; inline ones (<strong>) sit inside them, so they leave nothing.
    .replace(/<\/?(p|div|li|ul|ol|br|h[1-6]|tr|td|th|table|blockquote|section|article|pre|hr)\b[^>]*>/gi, ' ')
    .replace(/<[^>]*>/g, '')
    .replace(/&(amp|lt|gt|quot|#39|apos|nbsp);/g, (_, name: string) => ENTITIES[name] ?? ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  // NOTE: cut at the last space so a word is never split; a single long word is cut as is.
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).replace(/[\s,.;:]+$/, '')}…`;
}
