import type { Child } from 'hono/jsx';
import { t } from '../../src/i18n/locale.ts';

// A translated sentence with markup inside it ("Transfer <strong>17.50 USD</strong> with the
// reference …"): the translation keeps the word order of its language, and each {{name}} in
// `parts` is replaced by its element, escaped by JSX like any other child.

const MARK = '\u0001';

export function Trans(props: { k: string; values?: Record<string, unknown>; parts: Record<string, Child> }) {
  const marked = Object.fromEntries(Object.keys(props.parts).map((name) => [name, `${MARK}${name}${MARK}`]));
  const pieces = t(props.k, { ...props.values, ...marked }).split(MARK);
  return <>{pieces.map((piece, i) => (i % 2 ? props.parts[piece] : piece))}</>;
}
