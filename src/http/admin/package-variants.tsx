import { Hono, type Context } from 'hono';
import { VariantGroups, VariantsPage } from '../../../views/admin/packages/variants.tsx';
import { removeVariantGroup, removeVariantOption } from '../../modules/catalog/remove-variant.ts';
import { saveVariantGroup } from '../../modules/catalog/save-variant-group.ts';
import { listOptionGroups } from '../../modules/catalog/list-option-groups.ts';
import { setPackageOptionGroups } from '../../modules/catalog/set-package-option-groups.ts';
import { savePackageOptionPrices } from '../../modules/catalog/save-package-option-prices.ts';
import { saveVariantOption } from '../../modules/catalog/save-variant-option.ts';
import { fields, isHtmx, readForm, tickedIds } from '../form.ts';
import { attempt, parseId, redirectAfterPost, type Errors } from '../respond.ts';
import type { Env } from '../types.ts';
import { packagePage } from './package-context.ts';

async function render(c: Context<Env>, failed?: { key: string; errors: Errors; values?: Record<string, unknown> }) {
  const [page, groups] = await Promise.all([packagePage(c), listOptionGroups(c.var.em)]);
  const status = failed ? 422 : 200;
  if (isHtmx(c)) return c.html(<VariantGroups {...page} groups={groups} failed={failed} />, status);
  return c.html(<VariantsPage {...page} groups={groups} failed={failed} />, status);
}

async function done(c: Context<Env>, result: Awaited<ReturnType<typeof attempt>>, key: string, values?: Record<string, unknown>) {
  if (!result.ok) return render(c, { key, errors: result.errors, values });
  return isHtmx(c) ? render(c) : redirectAfterPost(c, `/admin/packages/${c.req.param('id')}/variants`);
}

/** The option form sends parallel lists: pn[] price name, pc[] currency, pp[] price, ps[] setup fee. */
function optionPrices(form: Record<string, string | string[]>) {
  const list = (k: string) => (Array.isArray(form[k]) ? form[k] : []);
  const [pn, pc, pp, ps] = ['pn', 'pc', 'pp', 'ps'].map(list) as [string[], string[], string[], string[]];
  return pn.map((priceName, i) => ({ priceName, currency: pc[i] ?? '', price: pp[i] ?? '', setupFee: ps[i] ?? '' }));
}

export const variantRoutes = new Hono<Env>()
  .get('/:id/variants', (c) => render(c))
  .post('/:id/variants', async (c) => {
    const form = fields(await readForm(c));
    return done(c, await attempt(() => saveVariantGroup(c.var.em, parseId(c.req.param('id')), undefined, form)), 'group-new', form);
  })
  // The shared groups ticked: those already used keep their place, new ones go after them.
  .post('/:id/variants/attach', async (c) => {
    const form = fields(await readForm(c));
    const id = parseId(c.req.param('id'));
    const ticked = (Array.isArray(form.groupIds) ? form.groupIds : [form.groupIds ?? '']).filter((v) => v !== '');
    const current = (await packagePage(c)).pkg.variantGroups.map((g) => String(g.id));
    const groupIds = [...current.filter((g) => ticked.includes(g)), ...ticked.filter((g) => !current.includes(g))];
    return done(c, await attempt(() => setPackageOptionGroups(c.var.em, id, { groupIds })), 'attach', {
      groupIds: tickedIds(form, 'groupIds'),
    });
  })
  .post('/:id/variants/:groupId', async (c) => {
    const form = fields(await readForm(c));
    const groupId = parseId(c.req.param('groupId'));
    return done(c, await attempt(() => saveVariantGroup(c.var.em, parseId(c.req.param('id')), groupId, form)), `group-${groupId}`, form);
  })
  .post('/:id/variants/:groupId/delete', async (c) => {
    const groupId = parseId(c.req.param('groupId'));
    return done(c, await attempt(() => removeVariantGroup(c.var.em, parseId(c.req.param('id')), groupId)), `group-${groupId}`);
  })
  .post('/:id/variants/:groupId/options', async (c) => {
    const form = fields(await readForm(c));
    const groupId = parseId(c.req.param('groupId'));
    const result = await attempt(() =>
      saveVariantOption(c.var.em, parseId(c.req.param('id')), groupId, undefined, { name: form.name, prices: optionPrices(form) }),
    );
    return done(c, result, `option-new-${groupId}`, form);
  })
  .post('/:id/variants/:groupId/options/:optionId', async (c) => {
    const form = fields(await readForm(c));
    const optionId = parseId(c.req.param('optionId'));
    const result = await attempt(() =>
      saveVariantOption(c.var.em, parseId(c.req.param('id')), parseId(c.req.param('groupId')), optionId, {
        name: form.name,
        prices: optionPrices(form),
      }),
    );
    return done(c, result, `option-${optionId}`, form);
  })
  // This package's own prices for an option: the rows with a price, each refusal under its row.
  .post('/:id/variants/:groupId/options/:optionId/own-prices', async (c) => {
    const form = fields(await readForm(c));
    const optionId = parseId(c.req.param('optionId'));
    const rows = optionPrices(form)
      .map((r, i) => ({ r, i }))
      .filter(({ r }) => r.price.trim() !== '' || r.setupFee.trim() !== '');
    const result = await attempt(() =>
      savePackageOptionPrices(c.var.em, parseId(c.req.param('id')), optionId, { prices: rows.map(({ r }) => r) }),
    );
    if (!result.ok)
      result.errors = Object.fromEntries(
        Object.entries(result.errors).map(([k, v]) => [
          k.replace(/^prices\.(\d+)\./, (_m, j: string) => `prices.${rows[Number(j)]?.i ?? j}.`),
          v,
        ]),
      );
    return done(c, result, `own-${optionId}`, form);
  })
  .post('/:id/variants/:groupId/options/:optionId/delete', async (c) => {
    const optionId = parseId(c.req.param('optionId'));
    return done(
      c,
      await attempt(() => removeVariantOption(c.var.em, parseId(c.req.param('id')), parseId(c.req.param('groupId')), optionId)),
      `option-${optionId}`,
    );
  });
