import type { Context } from 'hono';
import { loadPackage } from '../../modules/catalog/load-package.ts';
import { serializePackage } from '../../modules/catalog/serialize-package.ts';
import { canWrite } from '../../modules/staff/rules/roles.ts';
import { layoutProps, parseId } from '../respond.ts';
import type { Env } from '../types.ts';

/** What every package tab needs: the package, the page props, and whether staff may write. */
export async function packagePage(c: Context<Env>) {
  const id = parseId(c.req.param('id'));
  // NOTE: a fresh EM view, so a page rendered after a write shows what is stored, not a stale copy.
  c.var.em.clear();
  const pkg = serializePackage(await loadPackage(c.var.em, id));
  return { id, pkg, ...layoutProps(c), canWrite: canWrite(c.var.staff!.role) };
}
