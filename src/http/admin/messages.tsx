import { Hono, type Context } from 'hono';
import { MessagePage } from '../../../views/admin/messages/show.tsx';
import { loadMailMessage } from '../../modules/mail/load-mail-message.ts';
import { attachmentNumbers } from '../../modules/invoicing/document-numbers.ts';
import { resendMail } from '../../modules/mail/resend-mail.ts';
import { canWrite } from '../../modules/staff/rules/roles.ts';
import { layoutProps, parseId, redirectAfterPost } from '../respond.ts';
import type { Env } from '../types.ts';

async function show(c: Context<Env>, id: number) {
  const message = await loadMailMessage(c.var.em, id);
  const numbers = await attachmentNumbers(c.var.em, message.attachments);
  const flash = c.req.query('done') === 'resent' ? `A copy is on its way to ${message.to}; it is listed under "Sent again".` : undefined;
  return c.html(
    <MessagePage
      {...layoutProps(c)}
      message={message}
      numbers={numbers}
      from={c.var.deps.config.MAIL_FROM}
      canWrite={canWrite(c.var.staff!.role)}
      flash={flash}
    />,
  );
}

// NOTE: a client's list of emails lives under the client (clients.tsx); one email, under its own id.
export const messageRoutes = new Hono<Env>()
  .get('/:id', (c) => show(c, parseId(c.req.param('id'))))
  // `support` is refused by requireStaff, as on every staff write.
  .post('/:id/resend', async (c) => {
    const id = parseId(c.req.param('id'));
    await resendMail(c.var.em, id);
    return redirectAfterPost(c, `/admin/messages/${id}?done=resent`);
  });
