import type MimeNode from 'nodemailer/lib/mime-node/index.js';
import { Encoder as Base64Encoder } from 'nodemailer/lib/base64/index.js';
import { Encoder as QpEncoder } from 'nodemailer/lib/qp/index.js';
import type { Transform } from 'node:stream';

/**
 * The bytes of a MIME tree nodemailer composed, written at once: the same bytes as its
 * `build()`, without its streams.
 * NOTE: `build()` streamed every part through a pipeline of its own, a PassThrough, an encoder
 * and a final-newline stream, a turn of the event loop per part: about 0.35 ms of CPU for a
 * welcome email, most of it the streams' own, and then garbage. Here each part is written as
 * `stream()` writes it (its headers, its content through the same encoder, the children between
 * boundary lines, the closing boundary, a final CRLF), with nodemailer's own header building
 * and encoders, so every choice (transfer encoding, folding, line wraps) is still nodemailer's.
 * A part whose content is not in memory (a stream, a file, a URL, raw) makes the whole message
 * go through `build()`. test/unit/modules/mail/write-mime.test.ts compares the two byte for byte.
 */
export function writtenMessage(root: MimeNode): Buffer | Promise<Buffer> {
  if (!inMemory(root)) return root.build();
  const out: Buffer[] = [];
  writePart(root, out);
  const last = out.findLast((b) => b.length)?.at(-1);
  // nodemailer's LastNewline: the message ends in a line break.
  if (last !== 0x0a) out.push(Buffer.from(last === 0x0d ? '\n' : '\r\n'));
  return Buffer.concat(out);
}

/** The fields of a part `stream()` reads besides its typed ones. */
type Part = MimeNode & { _raw?: unknown; content?: unknown };

function inMemory(node: Part): boolean {
  if (node._raw) return false;
  if (node.content !== undefined && node.content !== null && typeof node.content !== 'string' && !Buffer.isBuffer(node.content))
    return false;
  return node.childNodes.every(inMemory);
}

function writePart(node: Part, out: Buffer[]): void {
  // In stream()'s order: the transfer encoding is chosen before the headers are built.
  const transferEncoding = node.getTransferEncoding();
  out.push(Buffer.from(node.buildHeaders() + '\r\n\r\n'));
  const content = node.content as string | Buffer | undefined;
  if (content) {
    const bytes = typeof content === 'string' ? Buffer.from(content) : content;
    out.push(encodedContent(transferEncoding, bytes, /^text\//i.test(node.contentType ?? '')));
  }
  if (!node.multipart) return;
  node.childNodes.forEach((child, i) => {
    out.push(Buffer.from(`${i ? '\r\n' : ''}--${String(node.boundary)}\r\n`));
    writePart(child, out);
  });
  out.push(Buffer.from(`\r\n--${String(node.boundary)}--\r\n`));
}

/** A part's content as `stream()` writes it under its transfer encoding (7bit and 8bit as they are). */
export function encodedContent(transferEncoding: string | false, bytes: Buffer, isText: boolean): Buffer {
  if (transferEncoding === 'base64') return encoded(new Base64Encoder({}), bytes);
  // Outside text a lone CR or LF is data, as in stream().
  if (transferEncoding === 'quoted-printable') return encoded(new QpEncoder({ binary: !isText }), bytes);
  return bytes;
}

/** What the encoder stream would give for `bytes` as its one chunk: its transform, then its flush. */
function encoded(encoder: Transform, bytes: Buffer): Buffer {
  const chunks: Buffer[] = [];
  encoder.push = (chunk: unknown, encoding?: BufferEncoding) => {
    if (chunk !== null && chunk !== undefined) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk, encoding) : (chunk as Buffer));
    return true;
  };
  const fail = (err?: Error | null) => {
    if (err) throw err;
  };
  // 'buffer' is what a Writable tells its transform for a Buffer chunk.
  encoder._transform(bytes, 'buffer' as BufferEncoding, fail);
  encoder._flush?.(fail);
  return Buffer.concat(chunks);
}
