/**
 * Inlines a small stylesheet into the style attributes of HTML, as mail programs need: the email
 * CSS is a handful of rules with tag and class selectors, and the HTML it lays out is our own
 * sanitized markup. A general inliner (juice, with cheerio and PostCSS) costs a process about
 * 11 MB for that, and every worker that queues an invoice email would carry it.
 *
 * The result matches juice's for these inputs: the properties an element gets are sorted by the
 * specificity of the rule they came from (what the element had inline counts highest), the
 * winner per property kept, written `name: value;`; table elements also get the attributes old
 * mail programs read (align, valign, bgcolor, background). Elements no rule matches are left as
 * written.
 */

export interface CssRule {
  tag: string | null;
  cls: string | null;
  specificity: number;
  declarations: [name: string, value: string][];
}

const SELECTOR = /^([a-z][a-z0-9]*)?(?:\.([\w-]+))?$/i;
const INLINE_SPECIFICITY = 1_000;

/**
 * Declarations split on semicolons outside quotes and parentheses; names in lower case. A piece
 * without a colon is dropped, as a browser drops it.
 */
export function parseDeclarations(text: string): [string, string][] {
  const out: [string, string][] = [];
  let depth = 0;
  let quote = '';
  let start = 0;
  const take = (end: number) => {
    const piece = text.slice(start, end);
    const colon = piece.indexOf(':');
    if (colon > 0) {
      const name = piece.slice(0, colon).trim().toLowerCase();
      const value = piece.slice(colon + 1).trim();
      if (name && value) out.push([name, value]);
    }
    start = end + 1;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '(') depth++;
    else if (c === ')') depth = Math.max(0, depth - 1);
    else if (c === ';' && depth === 0) take(i);
  }
  take(text.length);
  return out;
}

/**
 * Rules of a stylesheet written for emails: `tag`, `.class` or `tag.class` selectors, in comma
 * lists. Anything else is refused, as this is our own stylesheet: better loudly at start-up than
 * a rule silently never applied.
 */
export function parseStylesheet(css: string): CssRule[] {
  const rules: CssRule[] = [];
  const blocks = /([^{}]+)\{([^{}]*)\}/g;
  const clean = css.replace(/\/\*[\s\S]*?\*\//g, '');
  for (const [, selectors, body] of clean.matchAll(blocks)) {
    const declarations = parseDeclarations(body!);
    for (const raw of selectors!.split(',')) {
      const selector = raw.trim();
      const m = SELECTOR.exec(selector);
      if (!m || !selector) throw new Error(`The email stylesheet uses a selector the inliner does not read: "${selector}".`);
      const [, tag, cls] = m;
      rules.push({
        tag: tag?.toLowerCase() ?? null,
        cls: cls ?? null,
        specificity: (tag ? 1 : 0) + (cls ? 10 : 0),
        declarations,
      });
    }
  }
  return rules;
}

const VOID_ELEMENTS = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr']);
const TABLE_ELEMENTS = new Set(['table', 'th', 'tr', 'td', 'caption', 'colgroup', 'col', 'thead', 'tbody', 'tfoot']);
const STYLE_TO_ATTRIBUTE: Record<string, string> = {
  'background-color': 'bgcolor',
  'background-image': 'background',
  'text-align': 'align',
  'vertical-align': 'valign',
};

// A comment, or a start tag with its attributes (quoted values may hold '>').
const TAG = /<!--[\s\S]*?-->|<([a-zA-Z][a-zA-Z0-9]*)((?:\s+[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*)(\s*\/?)>/g;
const ATTRIBUTE = /([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g;

interface Attribute {
  name: string;
  value: string;
  start: number;
  end: number;
}

function attributesOf(text: string): Attribute[] {
  const found: Attribute[] = [];
  for (const m of text.matchAll(ATTRIBUTE)) {
    found.push({ name: m[1]!.toLowerCase(), value: m[2] ?? m[3] ?? m[4] ?? '', start: m.index, end: m.index + m[0].length });
  }
  return found;
}

/** What one element ends up with: the winner per property, in juice's order. */
function stylesFor(tag: string, classes: readonly string[], inline: string | undefined, rules: readonly CssRule[]) {
  const props = new Map<string, { value: string; specificity: number; position: number }>();
  let position = 0;
  let matched = false;
  const add = (declarations: [string, string][], specificity: number) => {
    for (const [name, value] of declarations) {
      const at = position++;
      const held = props.get(name);
      if (!held || held.specificity <= specificity) props.set(name, { value, specificity, position: at });
    }
  };
  if (inline !== undefined) add(parseDeclarations(inline), INLINE_SPECIFICITY);
  for (const rule of rules) {
    if (rule.tag && rule.tag !== tag) continue;
    if (rule.cls && !classes.includes(rule.cls)) continue;
    matched = true;
    add(rule.declarations, rule.specificity);
  }
  if (!matched) return null;
  return [...props]
    .sort(([, a], [, b]) => a.specificity - b.specificity || a.position - b.position)
    .map(([name, { value }]) => [name, value] as const);
}

const escapeAttribute = (value: string) => value.replace(/"/g, "'");

export function inlineCss(html: string, rules: readonly CssRule[]): string {
  return html.replace(TAG, (whole: string, name: string | undefined, attrText: string, close: string) => {
    if (!name) return whole;
    const tag = name.toLowerCase();
    // Void elements are written `<br>`, as an HTML serializer writes them (the sanitizer writes `<br />`).
    const end = VOID_ELEMENTS.has(tag) ? '' : close;
    const attributes = attributesOf(attrText);
    const style = attributes.find((a) => a.name === 'style');
    const classes = (attributes.find((a) => a.name === 'class')?.value ?? '').split(/\s+/).filter(Boolean);
    const props = stylesFor(tag, classes, style?.value, rules);
    if (!props?.length) return `<${name}${attrText}${end}>`;

    const set = new Map<string, string>([['style', props.map(([n, v]) => `${n}: ${escapeAttribute(v)};`).join(' ')]]);
    if (TABLE_ELEMENTS.has(tag)) {
      for (const [prop, value] of props) {
        const attribute = STYLE_TO_ATTRIBUTE[prop];
        if (!attribute || /(linear|radial)-gradient\(/i.test(value)) continue;
        set.set(attribute, attribute === 'background' ? value.replace(/^url\((["'])?([^"']+)\1\)$/, '$2') : value);
      }
    }
    // Attributes already there keep their place with the new value; new ones go at the end.
    let text = attrText;
    for (const a of [...attributes].reverse()) {
      const value = set.get(a.name);
      if (value === undefined) continue;
      text = `${text.slice(0, a.start)}${a.name}="${escapeAttribute(value)}"${text.slice(a.end)}`;
      set.delete(a.name);
    }
    for (const [attribute, value] of set) text += ` ${attribute}="${escapeAttribute(value)}"`;
    return `<${name}${text}${end}>`;
  });
}
