import type { Context } from 'hono';
import type { RenderedPdf } from '../modules/invoicing/render-invoice-pdf.ts';
import type { Env } from './types.ts';

/** A document to download: never cached by a shared proxy, since it names the client. */
export function pdfResponse(c: Context<Env>, pdf: RenderedPdf) {
  return c.body(new Uint8Array(pdf.content), 200, {
    'content-type': 'application/pdf',
    'content-disposition': `attachment; filename="${pdf.filename}"`,
    'cache-control': 'private, no-store',
  });
}
