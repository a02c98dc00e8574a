import { Hono } from 'hono';
import { InboxPage, InboxResults } from '../../../views/admin/inbox/index.tsx';
import { InboxMessagePage } from '../../../views/admin/inbox/show.tsx';
import { devInboxActive } from '../../config.ts';
import { clearInbox } from '../../modules/mail/clear-inbox.ts';
import { listInbox } from '../../modules/mail/list-inbox.ts';
import { loadInboxAttachment, loadInboxMessage } from '../../modules/mail/load-inbox-message.ts';
import { NotFound } from '../../modules/shared/errors.ts';
import { canWrite } from '../../modules/staff/rules/roles.ts';
import { layoutProps, parseId, redirectAfterPost } from '../respond.ts';
import type { Env } from '../types.ts';
import { renderList } from './list-page.tsx';

/** A download's Content-Disposition: a plain ASCII name for old clients, the exact one (RFC 5987) for the rest. */
function attachmentDisposition(filename: string) {
  const ascii = filename.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

/**
 * The built-in mail inbox (src/modules/mail/inbox-transport.ts): every staff role reads it; only
 * while it is where mail goes (no SMTP_URL outside production), else there is no such page.
 */
export const inboxRoutes = new Hono<Env>()
  .use('*', async (c, next) => {
    if (!devInboxActive(c.var.deps.config)) throw new NotFound('That page');
    return next();
  })
  .get('/', (c) => {
    const flash = c.req.query('done') === 'cleared' ? 'The inbox is empty.' : undefined;
    return renderList(c, (raw) => listInbox(c.var.em, raw), {
      target: 'inbox-results',
      results: (list) => <InboxResults {...list} />,
      page: (props) => <InboxPage {...props} flash={flash} canWrite={canWrite(c.var.staff!.role)} />,
    });
  })
  // `support` is refused by requireStaff, as on every staff write.
  .post('/clear', async (c) => {
    await clearInbox(c.var.em);
    return redirectAfterPost(c, '/admin/inbox?done=cleared');
  })
  .get('/:id', async (c) => {
    const message = await loadInboxMessage(c.var.em, parseId(c.req.param('id')));
    return c.html(<InboxMessagePage {...layoutProps(c)} message={message} view={c.req.query('view') === 'text' ? 'text' : 'html'} />);
  })
  // Attachments by their place in the message, from 1.
  .get('/:id/attachments/:n', async (c) => {
    const file = await loadInboxAttachment(c.var.em, parseId(c.req.param('id')), parseId(c.req.param('n')) - 1);
    return c.body(new Uint8Array(file.content), 200, {
      'content-type': file.contentType,
      'content-disposition': attachmentDisposition(file.filename),
      'cache-control': 'private, no-store',
    });
  });
