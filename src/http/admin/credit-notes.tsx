import { Hono } from 'hono';
import { renderCreditNotePdf } from '../../modules/invoicing/render-credit-note-pdf.ts';
import { pdfResponse } from '../pdf-response.ts';
import { parseId } from '../respond.ts';
import type { Env } from '../types.ts';

export const creditNoteRoutes = new Hono<Env>().get('/:id/pdf', async (c) =>
  pdfResponse(c, await renderCreditNotePdf(c.var.em, parseId(c.req.param('id')))),
);
