import { Hono } from 'hono';
import { MessagePage, MessagesPage } from '../../../views/client/messages.tsx';
import { attachmentNumbers } from '../../modules/invoicing/document-numbers.ts';
import { loadClientMessage } from '../../modules/mail/load-client-message.ts';
import { pageClientMessages } from '../../modules/mail/page-client-messages.ts';
import { parseId } from '../respond.ts';
import type { Env } from '../types.ts';

// NOTE: the client id comes from the session, never from the URL: another client's email is a 404.
export const messageRoutes = new Hono<Env>()
  .get('/messages', async (c) => {
    // Only the page: the client area has no page size to choose.
    const list = await pageClientMessages(c.var.em, c.var.client!.id, { page: c.req.query('page') });
    return c.html(<MessagesPage client={c.var.client} csrfToken={c.var.csrfToken} list={list} />);
  })
  .get('/messages/:id', async (c) => {
    const message = await loadClientMessage(c.var.em, c.var.client!.id, parseId(c.req.param('id')));
    const numbers = await attachmentNumbers(c.var.em, message.attachments);
    return c.html(<MessagePage client={c.var.client} csrfToken={c.var.csrfToken} message={message} numbers={numbers} />);
  });
