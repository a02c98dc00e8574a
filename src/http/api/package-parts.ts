import { Hono } from 'hono';
import { removePrice } from '../../modules/catalog/remove-price.ts';
import { removeVariantGroup, removeVariantOption } from '../../modules/catalog/remove-variant.ts';
import { savePrice } from '../../modules/catalog/save-price.ts';
import { saveTranslation } from '../../modules/catalog/save-translation.ts';
import { saveVariantGroup } from '../../modules/catalog/save-variant-group.ts';
import { saveVariantOption } from '../../modules/catalog/save-variant-option.ts';
import { saveWelcomeEmail } from '../../modules/catalog/save-welcome-email.ts';
import { setPackageProvisioning } from '../../modules/catalog/set-package-provisioning.ts';
import { setScalingTargets } from '../../modules/catalog/set-scaling-targets.ts';
import { setOfferedAddonGroups } from '../../modules/catalog/set-offered-addon-groups.ts';
import { setPackageOptionGroups } from '../../modules/catalog/set-package-option-groups.ts';
import { savePackageOptionPrices } from '../../modules/catalog/save-package-option-prices.ts';
import type { Env } from '../types.ts';
import { jsonBody, pathId } from './json.ts';
import { packageJson } from './packages.ts';

// Prices, variants, provisioning, scaling, offered add-on groups, welcome emails and translations of one package.
// Every write answers with the whole package, as GET /packages/{id} shows it.

export const packagePartsApi = new Hono<Env>()
  .post('/:id/prices', async (c) => {
    const id = pathId(c.req.param('id'));
    await savePrice(c.var.em, id, undefined, await jsonBody(c));
    return c.json({ data: await packageJson(c, id) }, 201);
  })
  .patch('/:id/prices/:priceId', async (c) => {
    const id = pathId(c.req.param('id'));
    await savePrice(c.var.em, id, pathId(c.req.param('priceId')), await jsonBody(c));
    return c.json({ data: await packageJson(c, id) });
  })
  .delete('/:id/prices/:priceId', async (c) => {
    const id = pathId(c.req.param('id'));
    await removePrice(c.var.em, id, pathId(c.req.param('priceId')));
    return c.json({ data: await packageJson(c, id) });
  })
  .post('/:id/variant-groups', async (c) => {
    const id = pathId(c.req.param('id'));
    await saveVariantGroup(c.var.em, id, undefined, await jsonBody(c));
    return c.json({ data: await packageJson(c, id) }, 201);
  })
  .patch('/:id/variant-groups/:groupId', async (c) => {
    const id = pathId(c.req.param('id'));
    await saveVariantGroup(c.var.em, id, pathId(c.req.param('groupId')), await jsonBody(c));
    return c.json({ data: await packageJson(c, id) });
  })
  .delete('/:id/variant-groups/:groupId', async (c) => {
    const id = pathId(c.req.param('id'));
    await removeVariantGroup(c.var.em, id, pathId(c.req.param('groupId')));
    return c.json({ data: await packageJson(c, id) });
  })
  .post('/:id/variant-groups/:groupId/options', async (c) => {
    const id = pathId(c.req.param('id'));
    await saveVariantOption(c.var.em, id, pathId(c.req.param('groupId')), undefined, await jsonBody(c));
    return c.json({ data: await packageJson(c, id) }, 201);
  })
  .patch('/:id/variant-groups/:groupId/options/:optionId', async (c) => {
    const id = pathId(c.req.param('id'));
    await saveVariantOption(c.var.em, id, pathId(c.req.param('groupId')), pathId(c.req.param('optionId')), await jsonBody(c));
    return c.json({ data: await packageJson(c, id) });
  })
  .delete('/:id/variant-groups/:groupId/options/:optionId', async (c) => {
    const id = pathId(c.req.param('id'));
    await removeVariantOption(c.var.em, id, pathId(c.req.param('groupId')), pathId(c.req.param('optionId')));
    return c.json({ data: await packageJson(c, id) });
  })
  .put('/:id/provisioning', async (c) => {
    const id = pathId(c.req.param('id'));
    await setPackageProvisioning(c.var.em, id, await jsonBody(c));
    return c.json({ data: await packageJson(c, id) });
  })
  .put('/:id/scaling', async (c) => {
    const id = pathId(c.req.param('id'));
    await setScalingTargets(c.var.em, id, await jsonBody(c));
    return c.json({ data: await packageJson(c, id) });
  })
  .put('/:id/addon-groups', async (c) => {
    const id = pathId(c.req.param('id'));
    await setOfferedAddonGroups(c.var.em, id, await jsonBody(c));
    return c.json({ data: await packageJson(c, id) });
  })
  .put('/:id/option-groups', async (c) => {
    const id = pathId(c.req.param('id'));
    await setPackageOptionGroups(c.var.em, id, await jsonBody(c));
    return c.json({ data: await packageJson(c, id) });
  })
  .put('/:id/options/:optionId/prices', async (c) => {
    const id = pathId(c.req.param('id'));
    await savePackageOptionPrices(c.var.em, id, pathId(c.req.param('optionId')), await jsonBody(c));
    return c.json({ data: await packageJson(c, id) });
  })
  .put('/:id/welcome-emails/:language', async (c) => {
    const id = pathId(c.req.param('id'));
    await saveWelcomeEmail(c.var.em, id, { ...(await jsonBody(c)), language: c.req.param('language') });
    return c.json({ data: await packageJson(c, id) });
  })
  .put('/:id/translations/:language', async (c) => {
    const id = pathId(c.req.param('id'));
    await saveTranslation(c.var.em, id, { ...(await jsonBody(c)), language: c.req.param('language') });
    return c.json({ data: await packageJson(c, id) });
  });
