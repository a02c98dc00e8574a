import { createRequire } from 'node:module';
import type PDFKitDocument from 'pdfkit';
import type { DocumentModel, DocumentTable } from './rules/invoice-document.ts';
import { useDocumentFonts } from './pdf-fonts.ts';

// NOTE: pdfkit (with fontkit) loads on first use: only a process that renders a PDF needs it.
const load = createRequire(import.meta.url);
type Pdf = typeof PDFKitDocument;
let PDFDocument: (new (options?: PDFKit.PDFDocumentOptions) => Pdf) | undefined;

// Fonts are embedded (pdf-fonts.ts) so a client called "Zoë Ødegård", "Ђорђе" or "山田太郎"
// prints as typed; the PDF standard fonts only know Latin-1.
const MARGIN = 50;
const INK = '#1f2933';
const MUTED = '#6b7280';
const RULE = '#d1d5db';
const TONES = { ok: '#15803d', muted: '#6b7280' };

/**
 * Where a font package is installed. NOTE: the CJK font packages export only their scripts (not
 * package.json), so their folder is found from the main file (dist/) instead.
 */
function packageDir(pkg: string): string {
  let file: string;
  try {
    file = load.resolve(`${pkg}/package.json`);
  } catch {
    file = load.resolve(pkg);
  }
  const at = file.lastIndexOf(`/node_modules/${pkg}/`);
  return file.slice(0, at + `/node_modules/${pkg}/`.length);
}

/** An A4 PDF of a document, as bytes; `logo` (PNG or JPEG) goes above the seller's name. */
export function writeDocumentPdf(model: DocumentModel, logo?: Buffer | null): Promise<Buffer> {
  PDFDocument ??= load('pdfkit') as new (options?: PDFKit.PDFDocumentOptions) => Pdf;
  const doc = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    bufferPages: true,
    info: { Title: `${model.title} ${model.number}`, Author: model.seller.name },
  });
  useDocumentFonts(doc, packageDir);
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  draw(doc, model, logo ?? null);
  footers(doc, model.pageLabel, model.footer);
  doc.end();
  return done;
}

const LOGO_BOX: [number, number] = [170, 48];

function draw(doc: Pdf, m: DocumentModel, logo: Buffer | null) {
  const width = doc.page.width - 2 * MARGIN;
  const half = width / 2 - 10;
  const top = MARGIN;
  // The logo scaled into its box whatever its size, the seller's name under it.
  if (logo) doc.image(logo, MARGIN, top, { fit: LOGO_BOX });
  doc
    .fillColor(INK)
    .font('sans-bold')
    .fontSize(18)
    .text(m.seller.name, MARGIN, logo ? top + LOGO_BOX[1] + 8 : top, { width: half });
  doc.font('sans').fontSize(9).fillColor(MUTED);
  for (const l of m.seller.lines) doc.text(l, { width: half });
  const sellerBottom = doc.y;
  // NOTE: the number on a line of its own: a long credit note number must not wrap the title.
  doc
    .fillColor(INK)
    .font('sans-bold')
    .fontSize(20)
    .text(m.title, MARGIN + width / 2, top, { width: width / 2, align: 'right' });
  doc
    .font('sans')
    .fontSize(12)
    .text(m.number, MARGIN + width / 2, doc.y, { width: width / 2, align: 'right' });

  let y = Math.max(sellerBottom, top + 40) + 30;
  doc.font('sans-bold').fontSize(9).fillColor(MUTED).text(m.billTo, MARGIN, y, { width: half });
  doc.font('sans-bold').fontSize(11).fillColor(INK).text(m.buyer.name, { width: half });
  doc.font('sans').fontSize(10);
  for (const l of m.buyer.lines) doc.text(l, { width: half });
  const buyerBottom = doc.y;
  let fy = y;
  for (const [label, value] of m.facts) {
    // NOTE: room for the longest label in any language ("Rechnungsdatum"); a longer one wraps and the next fact goes below it.
    doc
      .font('sans')
      .fontSize(10)
      .fillColor(MUTED)
      .text(label, MARGIN + width / 2, fy, { width: 110 });
    const labelBottom = doc.y;
    doc.fillColor(INK).text(value, MARGIN + width / 2 + 110, fy, { width: width / 2 - 110, align: 'right' });
    fy = Math.max(labelBottom, doc.y) + 2;
  }
  y = Math.max(buyerBottom, fy) + 24;

  y = room(doc, table(doc, m.lines, y, width, false) + 6, 90);
  // NOTE: beside the totals, where the eye goes for what is owed, and clear of the facts.
  if (m.stamp) stamp(doc, m.stamp.text, TONES[m.stamp.tone], MARGIN + 30, y + 10);
  for (const t of m.totals) {
    y = room(doc, y, 18);
    doc
      .font(t.strong ? 'sans-bold' : 'sans')
      .fontSize(10)
      .fillColor(INK);
    // A long label ("Tax (0%, reverse charge)") may take two lines: the next total goes below both.
    doc.text(t.label, MARGIN + width / 2, y, { width: width / 4 + 24 });
    const labelBottom = doc.y;
    doc.text(t.value, MARGIN + (3 * width) / 4 + 24, y, { width: width / 4 - 24, align: 'right' });
    y = Math.max(labelBottom, doc.y) + 4;
  }
  for (const t of m.tables) y = table(doc, t, y + 20, width, true);
  if (m.notes.length) {
    y = room(doc, y + 20, 30);
    doc.font('sans').fontSize(9).fillColor(MUTED);
    for (const n of m.notes) {
      doc.text(n, MARGIN, y, { width });
      y = doc.y + 2;
    }
  }
}

/** A table whose last column is a right-aligned amount; the other columns share what is left. */
function table(doc: Pdf, t: DocumentTable, startY: number, width: number, titled: boolean): number {
  const amountWidth = 110;
  const rest = t.columns.length - 1;
  const colWidth = (width - amountWidth) / rest;
  const xs = t.columns.map((_, i) => MARGIN + i * colWidth);
  let y = room(doc, startY, 60);
  if (titled) {
    doc.font('sans-bold').fontSize(11).fillColor(INK).text(t.title, MARGIN, y, { width });
    y = doc.y + 4;
  }
  const header = (at: number) => {
    doc.font('sans-bold').fontSize(9).fillColor(MUTED);
    t.columns.forEach((c, i) =>
      doc.text(c, xs[i], at, { width: i === rest ? amountWidth : colWidth - 8, align: i === rest ? 'right' : 'left' }),
    );
    const below = at + 14;
    doc
      .moveTo(MARGIN, below)
      .lineTo(MARGIN + width, below)
      .lineWidth(0.5)
      .strokeColor(RULE)
      .stroke();
    return below + 6;
  };
  y = header(y);
  for (const row of t.rows) {
    doc.font('sans').fontSize(10);
    const height = Math.max(...row.map((cell, i) => doc.heightOfString(cell, { width: i === rest ? amountWidth : colWidth - 8 })));
    if (y + height > doc.page.height - MARGIN) {
      doc.addPage();
      y = header(MARGIN);
      doc.font('sans').fontSize(10);
    }
    doc.fillColor(INK);
    row.forEach((cell, i) =>
      doc.text(cell, xs[i], y, { width: i === rest ? amountWidth : colWidth - 8, align: i === rest ? 'right' : 'left' }),
    );
    y += height + 6;
  }
  doc
    .moveTo(MARGIN, y - 2)
    .lineTo(MARGIN + width, y - 2)
    .lineWidth(0.5)
    .strokeColor(RULE)
    .stroke();
  return y + 4;
}

/** The document and "page n of m" at the foot of every page, so a loose page still says what it belongs to. */
function footers(doc: Pdf, label: DocumentModel['pageLabel'], text: string) {
  const { start, count } = doc.bufferedPageRange();
  for (let i = start; i < start + count; i++) {
    doc.switchToPage(i);
    // NOTE: text below the bottom margin would open a new page: the margin is lifted while writing.
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    const width = doc.page.width - 2 * MARGIN;
    if (text)
      doc
        .font('sans')
        .fontSize(8)
        .fillColor(MUTED)
        .text(text.replace(/\s*\r?\n\s*/g, ' · '), MARGIN, doc.page.height - MARGIN + 6, {
          width,
          align: 'left',
          lineBreak: false,
          ellipsis: true,
        });
    doc
      .font('sans')
      .fontSize(8)
      .fillColor(MUTED)
      .text(label(i - start + 1, count), MARGIN, doc.page.height - MARGIN + 18, { width, align: 'right', lineBreak: false });
    doc.page.margins.bottom = bottom;
  }
}

/** A new page when less than `needed` is left on this one. */
function room(doc: Pdf, y: number, needed: number): number {
  if (y + needed <= doc.page.height - MARGIN) return y;
  doc.addPage();
  return MARGIN;
}

function stamp(doc: Pdf, text: string, color: string, x: number, y: number) {
  doc.save();
  doc.rotate(-12, { origin: [x + 60, y + 18] });
  doc.font('sans-bold').fontSize(22);
  const w = doc.widthOfString(text) + 24;
  doc
    .lineWidth(2.5)
    .strokeColor(color)
    .opacity(0.85)
    .roundedRect(x + 60 - w / 2, y, w, 36, 4)
    .stroke();
  doc.fillColor(color).text(text, x + 60 - w / 2, y + 6, { width: w, align: 'center', lineBreak: false });
  doc.restore();
}
