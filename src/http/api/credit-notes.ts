import { Hono } from 'hono';
import { listCreditNotes } from '../../modules/invoicing/list-credit-notes.ts';
import { renderCreditNotePdf } from '../../modules/invoicing/render-credit-note-pdf.ts';
import { pdfResponse } from '../pdf-response.ts';
import type { Env } from '../types.ts';
import { pathId } from './json.ts';

export const creditNoteApi = new Hono<Env>()
  .get('/', async (c) => {
    const r = await listCreditNotes(c.var.em, c.req.query());
    return c.json({ data: r.items, meta: { total: r.total, page: r.page, perPage: r.perPage, pages: r.pages, totals: r.totals } });
  })
  .get('/:id/pdf', async (c) => pdfResponse(c, await renderCreditNotePdf(c.var.em, pathId(c.req.param('id')))));
