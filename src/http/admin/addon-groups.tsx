import { Hono, type Context } from 'hono';
import { AddonGroupEditPage, AddonGroupList, AddonGroupsPage, type AddonGroupValues } from '../../../views/admin/addon-groups/index.tsx';
import { createAddonGroup } from '../../modules/catalog/create-addon-group.ts';
import { deleteAddonGroup } from '../../modules/catalog/delete-addon-group.ts';
import { listAddonGroups } from '../../modules/catalog/list-addon-groups.ts';
import { listPackageChoices } from '../../modules/catalog/list-package-choices.ts';
import { moveAddonGroup } from '../../modules/catalog/move-addon-group.ts';
import { updateAddonGroup } from '../../modules/catalog/update-addon-group.ts';
import { listLanguages } from '../../modules/settings/list-languages.ts';
import { NotFound } from '../../modules/shared/errors.ts';
import { canWrite } from '../../modules/staff/rules/roles.ts';
import { fields, isHtmx, nested, readForm, type FormData } from '../form.ts';
import { attempt, layoutProps, parseId, redirectAfterPost, type Errors } from '../respond.ts';
import type { Env } from '../types.ts';

/** The form as the action reads it (names by language, ticked package ids). */
function groupForm(form: FormData) {
  const f = fields(form);
  return { name: f.name, names: nested(form, 'names'), packageIds: f.packageIds ?? [] };
}

/** What was typed, to show again beside the errors. */
function echo(input: ReturnType<typeof groupForm>): AddonGroupValues {
  const ids = Array.isArray(input.packageIds) ? input.packageIds : [input.packageIds];
  return {
    name: typeof input.name === 'string' ? input.name : '',
    names: input.names,
    packageIds: ids.map(Number).filter((n) => Number.isSafeInteger(n) && n > 0),
  };
}

async function formChoices(c: Context<Env>) {
  const [languages, packages] = await Promise.all([listLanguages(c.var.em), listPackageChoices(c.var.em)]);
  return { languages, packages };
}

async function listPage(
  c: Context<Env>,
  extra: { values?: AddonGroupValues; errors?: Errors; listErrors?: Errors; flash?: string } = {},
  status: 200 | 409 | 422 = 200,
) {
  const groups = await listAddonGroups(c.var.em);
  const write = canWrite(c.var.staff!.role);
  if (isHtmx(c) && !extra.errors)
    return c.html(
      <AddonGroupList groups={groups} csrfToken={c.var.csrfToken} canWrite={write} errors={extra.listErrors} />,
      status === 409 ? 200 : status,
    );
  return c.html(<AddonGroupsPage {...layoutProps(c)} {...await formChoices(c)} groups={groups} canWrite={write} {...extra} />, status);
}

async function one(c: Context<Env>, id: number) {
  const [group] = await listAddonGroups(c.var.em, [id]);
  if (!group) throw new NotFound('That add-on group');
  return group;
}

export const addonGroupRoutes = new Hono<Env>()
  .get('/', async (c) => {
    const created = parseId(c.req.query('created'));
    const group = created > 0 ? (await listAddonGroups(c.var.em, [created]))[0] : undefined;
    return listPage(c, { flash: group ? `Add-on group "${group.name}" created.` : undefined });
  })
  .post('/', async (c) => {
    const input = groupForm(await readForm(c));
    const result = await attempt(() => createAddonGroup(c.var.em, input));
    if (result.ok) return redirectAfterPost(c, `/admin/addon-groups?created=${result.value.id}`);
    return listPage(c, { values: echo(input), errors: result.errors }, 422);
  })
  .get('/:id', async (c) => {
    const group = await one(c, parseId(c.req.param('id')));
    return c.html(
      <AddonGroupEditPage
        {...layoutProps(c)}
        {...await formChoices(c)}
        group={group}
        canWrite={canWrite(c.var.staff!.role)}
        saved={c.req.query('saved') === '1'}
      />,
    );
  })
  .post('/:id', async (c) => {
    const id = parseId(c.req.param('id'));
    const input = groupForm(await readForm(c));
    const result = await attempt(() => updateAddonGroup(c.var.em, id, input));
    if (result.ok) return redirectAfterPost(c, `/admin/addon-groups/${id}?saved=1`);
    c.var.em.clear();
    const group = await one(c, id);
    return c.html(
      <AddonGroupEditPage
        {...layoutProps(c)}
        {...await formChoices(c)}
        group={group}
        values={echo(input)}
        errors={result.errors}
        canWrite
      />,
      422,
    );
  })
  .post('/:id/move', async (c) => {
    const form = fields(await readForm(c));
    await moveAddonGroup(c.var.em, parseId(c.req.param('id')), form.direction === 'up' ? 'up' : 'down');
    return isHtmx(c) ? listPage(c) : redirectAfterPost(c, '/admin/addon-groups');
  })
  .post('/:id/delete', async (c) => {
    const result = await attempt(() => deleteAddonGroup(c.var.em, parseId(c.req.param('id'))));
    if (!result.ok) return listPage(c, { listErrors: result.errors }, result.status);
    return isHtmx(c) ? listPage(c) : redirectAfterPost(c, '/admin/addon-groups');
  });
