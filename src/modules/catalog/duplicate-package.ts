import type { EntityManager } from '@mikro-orm/postgresql';
import { Package, PackageOptionGroup, PackageOptionPrice, PackagePrice, PackageTranslation, WelcomeEmail } from './catalog.entities.ts';
import { claimSlug } from './claim-slug.ts';
import { loadPackage } from './load-package.ts';
import { priceFields } from './save-price.ts';
import { db } from '../../db/database.ts';
import { lockListEnd } from './lock-list-end.ts';
import { Conflict, NotFound } from '../shared/errors.ts';

/**
 * Copies a package with its prices, option groups (shared, so the same ones) and own option prices, translations, welcome emails, provisioning,
 * scaling targets and offered add-on groups. The copy starts hidden so it is not sold before staff review it.
 */
export async function duplicatePackage(em: EntityManager, id: number) {
  return em.transactional(async (tx) => {
    const src = await loadPackage(tx, id);
    // NOTE: the slug first, as a new package claims it before its place: the same order of locks.
    const slug = await claimSlug(tx, 'package', '', `${src.slug}-copy`);
    const { position, iconPath } = await makeRoomAfter(tx, id, src.catalog.id);
    const name = `${src.name} (copy)`.slice(0, 160);
    const copy = tx.create(Package, {
      catalog: src.catalog,
      name,
      slug,
      description: src.description,
      iconPath,
      stock: src.stock,
      perUserLimit: src.perUserLimit,
      allowCancellation: src.allowCancellation,
      allowQuantity: src.allowQuantity,
      status: 'hidden',
      taxable: src.taxable,
      useRenewalPricesForUpgrades: src.useRenewalPricesForUpgrades,
      proRata: src.proRata,
      proRataDay: src.proRataDay ?? null,
      proRataCutoffDay: src.proRataCutoffDay ?? null,
      pluginInstance: src.pluginInstance ?? null,
      pluginOptions: { ...src.pluginOptions },
      position: position + 1,
    });
    copy.scalableTo.set(src.scalableTo.getItems());
    copy.addonGroups.set(src.addonGroups.getItems());
    for (const p of src.prices) {
      tx.create(PackagePrice, { ...priceFields(p), position: p.position, package: copy });
    }
    // Option groups are shared: the copy uses the same ones, in the same order, with the same own prices.
    for (const pg of src.optionGroups) tx.create(PackageOptionGroup, { package: copy, group: pg.group, position: pg.position });
    for (const op of src.optionPrices)
      tx.create(PackageOptionPrice, {
        package: copy,
        option: op.option,
        priceName: op.priceName,
        currency: op.currency,
        price: op.price,
        setupFee: op.setupFee,
      });
    for (const t of src.translations)
      tx.create(PackageTranslation, { package: copy, language: t.language, name: t.name, description: t.description });
    for (const w of src.welcomeEmails)
      tx.create(WelcomeEmail, { package: copy, language: w.language, subject: w.subject, html: w.html, text: w.text });
    return copy;
  });
}

/**
 * Moves the packages after `id` in its catalog down one place and returns its position, the copy
 * to go right after it, and its icon. Its place is read again once the catalog's end is ours (a
 * copy made meanwhile may have moved it). NOTE: the rows to move are locked first, in id order, as checkout
 * locks packages: an UPDATE locks them in the order it finds them, which is by position, and a
 * checkout of two of them at once would wait on it the other way round (a deadlock). The source's
 * row is locked with them, and its icon read after: an icon replaced meanwhile deletes the old
 * file once no package uses it, which it would have counted before the copy sharing it committed.
 */
async function makeRoomAfter(tx: EntityManager, id: number, catalogId: number): Promise<{ position: number; iconPath: string | null }> {
  await lockListEnd(tx, 'package', catalogId);
  const q = db(tx);
  const now = await q.selectFrom('package').select(['catalog_id', 'position']).where('id', '=', id).executeTakeFirst();
  if (!now) throw new NotFound('That package');
  if (now.catalog_id !== catalogId) throw new Conflict('The package moved to another catalog meanwhile; try again.');
  const rows = await q
    .selectFrom('package')
    .select('id')
    .where('catalog_id', '=', catalogId)
    .where((eb) => eb.or([eb('position', '>', now.position), eb('id', '=', id)]))
    .orderBy('id')
    .forUpdate()
    .execute();
  const moved = rows.filter((r) => r.id !== id);
  if (moved.length)
    await q
      .updateTable('package')
      .set((eb) => ({ position: eb('position', '+', 1), updated_at: new Date() }))
      .where(
        'id',
        'in',
        moved.map((r) => r.id),
      )
      .execute();
  const { icon_path: iconPath } = await q.selectFrom('package').select('icon_path').where('id', '=', id).executeTakeFirstOrThrow();
  return { position: now.position, iconPath: iconPath ?? null };
}
