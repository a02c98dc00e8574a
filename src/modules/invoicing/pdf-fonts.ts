import { join } from 'node:path';
import type PDFKitDocument from 'pdfkit';

// The fonts documents print with. DejaVu Sans (Latin, Greek, Cyrillic, Hebrew, Arabic...) is the
// house font; a string with Chinese or Japanese is set in Noto Sans SC, one with Korean in Noto
// Sans KR, so a client called "山田太郎" or "김민수" prints as typed. All are embedded subset to the
// glyphs used, and a CJK font (8 MB) is read only when a document has such a string.
// NOTE: pdfkit has no font fallback of its own, and a run of text in two fonts cannot be
// aligned right as one: each string is set whole in the first font that covers its script.

type Pdf = typeof PDFKitDocument;
type Face = 'sans' | 'sans-bold';

/** Font name -> [package, file in it]. */
const FILES: Record<string, [string, string]> = {
  sans: ['dejavu-fonts-ttf', 'ttf/DejaVuSans.ttf'],
  'sans-bold': ['dejavu-fonts-ttf', 'ttf/DejaVuSans-Bold.ttf'],
  'han-sans': ['@embedpdf/fonts-sc', 'fonts/NotoSansHans-Regular.otf'],
  'han-sans-bold': ['@embedpdf/fonts-sc', 'fonts/NotoSansHans-Bold.otf'],
  'hangul-sans': ['@embedpdf/fonts-kr', 'fonts/NotoSansKR-Regular.otf'],
  'hangul-sans-bold': ['@embedpdf/fonts-kr', 'fonts/NotoSansKR-Bold.otf'],
};

const HANGUL = /[\u1100-\u11FF\u3130-\u318F\uAC00-\uD7AF]/;
const HAN_KANA = /[\u2E80-\u2FDF\u3000-\u30FF\u31F0-\u31FF\u3400-\u4DBF\u4E00-\u9FFF\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFFEF]/;

/** The font a string is set in, given the face asked for. Pure. */
export function fontFor(text: string, face: Face): string {
  const bold = face === 'sans-bold' ? '-bold' : '';
  if (HANGUL.test(text)) return `hangul-sans${bold}`;
  if (HAN_KANA.test(text)) return `han-sans${bold}`;
  return face;
}

/**
 * Registers the fonts (files are read on first use) and makes `doc.font('sans' | 'sans-bold')`
 * and `doc.text` pick the face per string.
 */
export function useDocumentFonts(doc: Pdf, packageDir: (pkg: string) => string): void {
  for (const [name, [pkg, file]] of Object.entries(FILES)) doc.registerFont(name, join(packageDir(pkg), file));
  let face: Face = 'sans';
  const setFont = doc.font.bind<(name: string) => Pdf>(doc);
  const write = doc.text.bind(doc) as (...args: unknown[]) => Pdf;
  doc.font = (name: string) => {
    face = name === 'sans-bold' ? 'sans-bold' : 'sans';
    return setFont(name);
  };
  doc.text = (text: unknown, ...rest: unknown[]) => {
    const font = typeof text === 'string' ? fontFor(text, face) : face;
    if (font === face) return write(text, ...rest);
    setFont(font);
    const result = write(text, ...rest);
    setFont(face);
    return result;
  };
  doc.font('sans');
}
