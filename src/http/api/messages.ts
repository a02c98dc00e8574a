import { Hono } from 'hono';
import { loadClient } from '../../modules/clients/load-client.ts';
import { pageClientMessages } from '../../modules/mail/page-client-messages.ts';
import { resendMail } from '../../modules/mail/resend-mail.ts';
import type { Env } from '../types.ts';
import { pathId } from './json.ts';

// A client's message log and the resend of one email, mounted at the API's root.
export const messageApi = new Hono<Env>()
  .get('/clients/:id/messages', async (c) => {
    const id = pathId(c.req.param('id'));
    // An unknown client is a 404, not an empty log.
    await loadClient(c.var.em, id);
    const result = await pageClientMessages(c.var.em, id, c.req.query());
    return c.json({ data: result.items, meta: { total: result.total, page: result.page, perPage: result.perPage, pages: result.pages } });
  })
  .post('/messages/:id/resend', async (c) => c.json({ data: await resendMail(c.var.em, pathId(c.req.param('id'))) }, 202));
