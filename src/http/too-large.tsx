import type { Context } from 'hono';
import { AdminErrorPage } from './errors.tsx';
import { ClientErrorPage } from '../../views/client/lists.tsx';
import type { Env } from './types.ts';
import { pickUiLanguage } from '../i18n/pick-language.ts';
import { withLanguage } from '../i18n/locale.ts';
import { storeDefaultLanguage } from '../modules/settings/list-languages.ts';

const MESSAGE = 'That request is too large.';
const ADVICE = 'Go back and send less: an icon, the largest upload, is limited in size, and text fields are short.';

/**
 * A body over the size limit, refused before it is read (so before any session is loaded): JSON
 * under /api, bare text for htmx, and otherwise a page in the area's own layout, not a bare line.
 */
export async function tooLarge(c: Context<Env>) {
  if (c.req.path.startsWith('/api/')) return c.json({ error: { status: 413, message: MESSAGE } }, 413);
  if (c.req.header('hx-request') === 'true') return c.text(MESSAGE, 413);
  if (c.req.path.startsWith('/admin'))
    return c.html(
      <AdminErrorPage status={413} message={MESSAGE} advice={ADVICE} title="Too large" staff={undefined} csrfToken={null} />,
      413,
    );
  // In the visitor's language, as the client area would pick it before knowing who they are.
  const language = pickUiLanguage({ acceptLanguage: c.req.header('accept-language'), storeDefault: await storeDefaultLanguage(c.var.em) });
  c.header('Content-Language', language);
  return withLanguage(language, () => c.html(<ClientErrorPage client={null} csrfToken={null} status={413} message={MESSAGE} />, 413));
}
