import { inflateSync } from 'node:zlib';

// The text a PDF shows, read back enough for tests: pdfkit writes embedded fonts as glyph ids
// (hex strings in TJ arrays) and a ToUnicode map per font, usually in deflated streams. Each
// text operator becomes one line of the result.

interface PdfObject {
  dict: string;
  stream: string | null;
}

function objects(pdf: Buffer): Map<number, PdfObject> {
  const raw = pdf.toString('latin1');
  const found = new Map<number, PdfObject>();
  // NOTE: a stream is read by its /Length, never up to a marker: deflated bytes may contain
  // "endobj" or end in a carriage return.
  const header = /(\d+) 0 obj\s*/g;
  let m: RegExpExecArray | null;
  while ((m = header.exec(raw))) {
    const from = m.index + m[0].length;
    const end = raw.indexOf('endobj', from);
    const at = raw.indexOf('stream', from);
    if (at < 0 || (end >= 0 && end < at)) {
      found.set(Number(m[1]), { dict: raw.slice(from, end < 0 ? undefined : end), stream: null });
      continue;
    }
    const dict = raw.slice(from, at);
    const length = Number(/\/Length (\d+)(?! \d+ R)/.exec(dict)?.[1] ?? NaN);
    const start = at + 'stream'.length + (raw.startsWith('\r\n', at + 'stream'.length) ? 2 : 1);
    const bytes = pdf.subarray(start, start + length);
    found.set(Number(m[1]), {
      dict,
      stream: /\/FlateDecode/.test(dict) ? inflateSync(bytes).toString('latin1') : bytes.toString('latin1'),
    });
    header.lastIndex = start + length;
  }
  return found;
}

/** glyph id -> text, from a ToUnicode CMap's bfrange arrays and bfchar pairs. */
function cmap(source: string): Map<number, string> {
  const map = new Map<number, string>();
  const utf16 = (hex: string) => String.fromCharCode(...(hex.replace(/\s+/g, '').match(/.{4}/g) ?? []).map((h) => parseInt(h, 16)));
  for (const m of source.matchAll(/<([0-9a-f]+)>\s*<([0-9a-f]+)>\s*\[([^\]]*)\]/gi)) {
    const start = parseInt(m[1]!, 16);
    [...m[3]!.matchAll(/<([0-9a-f\s]+)>/gi)].forEach((t, i) => map.set(start + i, utf16(t[1]!)));
  }
  for (const block of source.matchAll(/beginbfchar([\s\S]*?)endbfchar/g))
    for (const m of block[1]!.matchAll(/<([0-9a-f]+)>\s*<([0-9a-f]+)>/gi)) map.set(parseInt(m[1]!, 16), utf16(m[2]!));
  return map;
}

export function pdfText(pdf: Buffer): string {
  const objs = objects(pdf);
  const fontNames = new Map<string, number>();
  for (const o of objs.values()) for (const m of o.dict.matchAll(/\/(F\d+) (\d+) 0 R/g)) fontNames.set(m[1]!, Number(m[2]));
  const maps = new Map<number, Map<number, string>>();
  const mapOf = (fontId: number) => {
    if (!maps.has(fontId)) {
      const ref = /\/ToUnicode (\d+) 0 R/.exec(objs.get(fontId)?.dict ?? '')?.[1];
      maps.set(fontId, cmap(ref ? (objs.get(Number(ref))?.stream ?? '') : ''));
    }
    return maps.get(fontId)!;
  };
  const lines: string[] = [];
  for (const o of objs.values()) {
    if (!o.stream || !/\bTJ\b/.test(o.stream)) continue;
    let map = new Map<number, string>();
    for (const m of o.stream.matchAll(/\/(F\d+) [\d.]+ Tf|\[(.*?)\] TJ/g)) {
      if (m[1]) {
        map = mapOf(fontNames.get(m[1]) ?? -1);
        continue;
      }
      const hexes = [...m[2]!.matchAll(/<([0-9a-f]*)>/gi)].map((h) => h[1]!).join('');
      lines.push((hexes.match(/.{4}/g) ?? []).map((g) => map.get(parseInt(g, 16)) ?? '\uFFFD').join(''));
    }
  }
  return lines.join('\n');
}
