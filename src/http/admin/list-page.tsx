import type { Context } from 'hono';
import { isHtmx } from '../form.ts';
import { attempt, layoutProps, type Errors } from '../respond.ts';
import type { Env } from '../types.ts';

type PageProps = ReturnType<typeof layoutProps>;
type Listed<L> = L & { errors?: Errors };
/** What a hono/jsx element is (an escaped string, maybe awaited). */
type Html = string | Promise<string>;

/**
 * A filtered staff list: the results fragment when htmx asks for it, the whole page otherwise.
 * NOTE: junk filters show the list without them, with the message by the field (422), never an error page.
 */
export async function renderList<L>(
  c: Context<Env>,
  load: (raw: Record<string, string>) => Promise<L>,
  view: { target: string; results: (list: Listed<L>) => Html; page: (props: PageProps & Listed<L>) => Html },
) {
  const raw = c.req.query();
  const result = await attempt(() => load(raw));
  // The filters that were fine still apply; only the ones with a message are dropped.
  const kept = result.ok ? raw : Object.fromEntries(Object.entries(raw).filter(([key]) => !(key in result.errors)));
  const list: Listed<L> = result.ok ? (result.value as Listed<L>) : { ...(await load(kept).catch(() => load({}))), errors: result.errors };
  const status = result.ok ? 200 : 422;
  if (isHtmx(c) && c.req.header('hx-target') === view.target) return c.html(view.results(list), status);
  return c.html(view.page({ ...layoutProps(c), ...list }), status);
}
