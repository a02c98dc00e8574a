import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../helpers/db.ts';
import { whileHeld } from '../helpers/held-transaction.ts';
import { createCatalog } from '../../src/modules/catalog/create-catalog.ts';
import { deleteCatalog } from '../../src/modules/catalog/delete-catalog.ts';
import { Conflict, DomainError, NotFound } from '../../src/modules/shared/errors.ts';
import { addCurrency, removeCurrency, saveCurrency } from '../../src/modules/settings/save-currency.ts';
import { createPackage } from '../../src/modules/catalog/create-package.ts';
import { savePrice } from '../../src/modules/catalog/save-price.ts';
import { setScalingTargets } from '../../src/modules/catalog/set-scaling-targets.ts';
import { saveWelcomeEmail } from '../../src/modules/catalog/save-welcome-email.ts';
import { setAllowedPackages } from '../../src/modules/clients/set-allowed-packages.ts';
import { removeLanguage, saveLanguage } from '../../src/modules/settings/save-language.ts';
import { savePluginInstance } from '../../src/modules/plugins/save-plugin-instance.ts';
import { deletePluginInstance } from '../../src/modules/plugins/delete-plugin-instance.ts';
import { setPackageProvisioning } from '../../src/modules/catalog/set-package-provisioning.ts';
import { updateCatalog } from '../../src/modules/catalog/update-catalog.ts';
import { duplicatePackage } from '../../src/modules/catalog/duplicate-package.ts';
import { saveCoupon } from '../../src/modules/coupons/save-coupon.ts';
import { saveMessageTemplate } from '../../src/modules/notices/save-message-template.ts';
import { saveTranslation } from '../../src/modules/catalog/save-translation.ts';
import { createAddonGroup } from '../../src/modules/catalog/create-addon-group.ts';
import { setOfferedAddonGroups } from '../../src/modules/catalog/set-offered-addon-groups.ts';
import { saveVariantGroup } from '../../src/modules/catalog/save-variant-group.ts';
import { saveVariantOption } from '../../src/modules/catalog/save-variant-option.ts';
import { removeVariantOption } from '../../src/modules/catalog/remove-variant.ts';
import { savePackageOptionPrices } from '../../src/modules/catalog/save-package-option-prices.ts';
import { updateClientProfile } from '../../src/modules/clients/update-client-profile.ts';
import { getBillingSettings, saveBillingSettings } from '../../src/modules/settings/billing-settings.ts';

// A delete that counts what still refers to a row, and then deletes it, must count under a lock
// that a row being added meanwhile also needs, or the count misses it and the delete trips the
// foreign key (a 500) instead of saying what is in the way (a 409).

let t: Awaited<ReturnType<typeof createTestDatabase>>;
const em = () => t.orm.em.fork();
const catalogRows = async (id: number) =>
  (await t.orm.em.getConnection().execute<{ n: number }[]>('select count(*)::int as n from catalog where id = ?', [id]))[0]!.n;

beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t.drop());

describe('deleting a catalog while a package is being added to it', () => {
  it('waits for the package, then refuses with the count (409), never a foreign key error', async () => {
    const { id } = await createCatalog(em(), { name: 'Racing' });
    // The delete waits on the catalog row the insert holds; the package then commits.
    const outcome = await whileHeld(
      t.url,
      (other) => other.query(`insert into package (catalog_id, name, slug) values ($1, 'Late', 'late-${id}')`, [id]),
      () => deleteCatalog(em(), id),
    );
    expect(outcome).toBeInstanceOf(Conflict);
    expect((outcome as Error).message).toBe('"Racing" still has 1 package. Move or delete them first, or hide the catalog.');
    expect(await catalogRows(id)).toBe(1);
  });

  it('deletes a catalog nothing is being added to', async () => {
    const { id } = await createCatalog(em(), { name: 'Empty' });
    await deleteCatalog(em(), id);
    expect(await catalogRows(id)).toBe(0);
  });
});

describe('currencies and languages saved and removed at once', () => {
  const sql = <T>(q: string) => t.orm.em.getConnection().execute<T[]>(q);

  it('leaves exactly one default when two are made the default at once', async () => {
    await saveCurrency(em(), { code: 'USD', name: 'US Dollar', rate: '1', isDefault: true });
    for (const code of ['EUR', 'JPY', 'GBP']) await saveCurrency(em(), { code, name: code, rate: '2' });
    for (let round = 0; round < 5; round++) {
      const pair = round % 2 ? ['EUR', 'JPY'] : ['GBP', 'USD'];
      await Promise.all(pair.map((code) => saveCurrency(em(), { code, name: code, rate: '1', isDefault: true })));
      const defaults = await sql<{ code: string }>('select code from currency where is_default');
      expect(defaults).toHaveLength(1);
      expect(pair).toContain(defaults[0]!.code);
    }
  });

  it('leaves exactly one default language when two are made the default at once', async () => {
    for (const code of ['fr', 'de', 'es']) await saveLanguage(em(), { code, name: code });
    for (let round = 0; round < 5; round++) {
      const pair = round % 2 ? ['de', 'es'] : ['fr', 'de'];
      await Promise.all(pair.map((code) => saveLanguage(em(), { code, name: code, isDefault: '1' })));
      const defaults = await sql<{ code: string }>('select code from language where is_default');
      expect(defaults, `round ${round}`).toHaveLength(1);
      expect(pair).toContain(defaults[0]!.code);
    }
  });

  it('always leaves one default language when one is removed while it is made the default', async () => {
    for (let round = 0; round < 8; round++) {
      const code = ['it', 'nl', 'pt', 'sv', 'da', 'fi', 'pl', 'cs'][round]!;
      await saveLanguage(em(), { code, name: code });
      const results = await Promise.allSettled([saveLanguage(em(), { code, name: code, isDefault: '1' }), removeLanguage(em(), code)]);
      const defaults = await sql<{ code: string }>('select code from language where is_default');
      expect(defaults, `round ${round}: ${results.map((r) => r.status).join(', ')}`).toHaveLength(1);
      if (results[1].status === 'rejected') expect(String(results[1].reason)).toContain('The default language cannot be removed.');
    }
  });

  it('refuses to remove a currency a price is being saved in (409), once that price commits', async () => {
    await saveCurrency(em(), { code: 'CHF', name: 'Franc', rate: '0.9' });
    const { id: catalogId } = await createCatalog(em(), { name: 'Priced' });
    const pkg = await createPackage(em(), { catalogId, name: 'In francs' });
    const outcome = await whileHeld(
      t.url,
      // What savePrice does in its transaction: the currency read with a share lock, then the price.
      async (other) => {
        await other.query(`select code from currency where code = 'CHF' for share`);
        await other.query(
          `insert into package_price (package_id, name, type, currency, price, position) values ($1, 'Once', 'onetime', 'CHF', 5, 1)`,
          [pkg.id],
        );
      },
      () => removeCurrency(em(), 'CHF'),
    );
    expect(outcome).toBeInstanceOf(Conflict);
    expect((outcome as Error).message).toBe('1 price uses CHF; remove it first.');
  });

  it('never leaves a price in a removed currency when both run at once', async () => {
    const { id: catalogId } = await createCatalog(em(), { name: 'Racing prices' });
    const pkg = await createPackage(em(), { catalogId, name: 'Racing' });
    for (let i = 0; i < 8; i++) {
      const code = `Q${String.fromCharCode(65 + i)}Z`;
      await saveCurrency(em(), { code, name: code, rate: '3' });
      const [saved, removed] = await Promise.allSettled([
        savePrice(em(), pkg.id, undefined, { name: `P${i}`, type: 'onetime', currency: code, price: '5' }),
        removeCurrency(em(), code),
      ]);
      // One of the two wins: the price is saved and the removal refused, or the currency is gone and the price refused.
      const priceSaved = saved.status === 'fulfilled';
      expect(priceSaved ? removed.status === 'rejected' && removed.reason instanceof Conflict : saved.reason instanceof DomainError).toBe(
        true,
      );
    }
    const orphans = await sql<{ n: number }>(
      'select count(*)::int as n from package_price p where not exists (select 1 from currency c where c.code = p.currency)',
    );
    expect(orphans[0]!.n).toBe(0);
  });
});

describe('deleting a plugin instance while a package is being linked to it', () => {
  const sql = <T>(q: string, p: unknown[] = []) => t.orm.em.getConnection().execute<T[]>(q, p);

  it('one of the two wins: the link, and the delete is refused (409); or the delete, and the link is refused by its field; never a package silently unlinked', async () => {
    const { id: catalogId } = await createCatalog(em(), { name: 'Provisioned' });
    const pkg = await createPackage(em(), { catalogId, name: 'Linked' });
    for (let round = 0; round < 8; round++) {
      const instance = await savePluginInstance(em(), undefined, { plugin: 'none', name: `Panel ${round}` }, 'race-secret');
      const [linked, deleted] = await Promise.allSettled([
        setPackageProvisioning(em(), pkg.id, { pluginInstanceId: instance.id, options: {} }),
        deletePluginInstance(em(), instance.id),
      ]);
      const [row] = await sql<{ plugin_instance_id: number | null }>('select plugin_instance_id from package where id = ?', [pkg.id]);
      const exists = (await sql('select id from plugin_instance where id = ?', [instance.id])).length === 1;
      const outcome = `round ${round}: link ${linked.status}, delete ${deleted.status}`;
      if (linked.status === 'fulfilled') {
        expect(exists, outcome).toBe(true);
        expect(row!.plugin_instance_id, outcome).toBe(instance.id);
        expect(deleted.status === 'rejected' && deleted.reason instanceof Conflict, outcome).toBe(true);
      } else {
        expect(linked.reason, outcome).toBeInstanceOf(DomainError);
        expect(exists, outcome).toBe(false);
      }
      await setPackageProvisioning(em(), pkg.id, { pluginInstanceId: null });
    }
  });
});

describe('the same change sent several times at once (a double click, a retried request)', () => {
  const sql = <T>(q: string, p: unknown[] = []) => t.orm.em.getConnection().execute<T[]>(q, p);
  const times = <T>(n: number, f: () => Promise<T>) => Promise.all(Array.from({ length: n }, f));

  it('sets scaling targets, an allow-list, a welcome email and offered add-on groups once, each call succeeding', async () => {
    await saveLanguage(em(), { code: 'en', name: 'English', isDefault: '1' });
    const { id: catalogId } = await createCatalog(em(), { name: 'Twice' });
    // One after the other, so their ids rise in this order (the lists below are read by id).
    const made = [];
    for (const n of ['A', 'B', 'C']) made.push(await createPackage(em(), { catalogId, name: `Pkg ${n}`, status: 'restricted' }));
    const [a, b, c] = made;
    await times(8, () => setScalingTargets(em(), a!.id, { targetIds: [b!.id, c!.id] }));
    expect(await sql('select target_package_id as id from package_scaling where package_id = ? order by 1', [a!.id])).toEqual([
      { id: b!.id },
      { id: c!.id },
    ]);
    const [client] = await sql<{ id: number }>(`insert into client (email, name) values ('twice@example.com', 'Twice') returning id`);
    await times(8, () => setAllowedPackages(em(), client!.id, { packageIds: [a!.id, b!.id] }));
    expect(await sql('select package_id as id from client_allowed_package where client_id = ? order by 1', [client!.id])).toEqual([
      { id: a!.id },
      { id: b!.id },
    ]);
    await times(8, () => saveWelcomeEmail(em(), a!.id, { language: 'en', subject: 'Hello', html: '<p>Hi</p>', text: 'Hi' }));
    expect(await sql('select subject from welcome_email where package_id = ?', [a!.id])).toEqual([{ subject: 'Hello' }]);
    const backups = await createAddonGroup(em(), { name: 'Backups twice', packageIds: [c!.id] });
    const panels = await createAddonGroup(em(), { name: 'Panels twice', packageIds: [c!.id] });
    await times(8, () => setOfferedAddonGroups(em(), a!.id, { groupIds: [panels.id, backups.id] }));
    expect(await sql('select addon_group_id as id from package_addon_group where package_id = ? order by 1', [a!.id])).toEqual([
      { id: backups.id },
      { id: panels.id },
    ]);
  });
});

describe('one unique value claimed twice at once: answered as the check before it would, never by the unique key', () => {
  const sql = <T>(q: string, p: unknown[] = []) => t.orm.em.getConnection().execute<T[]>(q, p);
  const fieldOf = (r: PromiseSettledResult<unknown>) =>
    r.status === 'rejected' ? (r.reason instanceof DomainError ? `${r.reason.field}: ${r.reason.message}` : String(r.reason)) : 'ok';

  it('gives packages of one name, added or copied at once, slugs of their own ("-2", "-3"), every one stored', async () => {
    const { id: catalogId } = await createCatalog(em(), { name: 'Slugs at once' });
    const made = await Promise.all(Array.from({ length: 5 }, () => createPackage(em(), { catalogId, name: 'Same Name' })));
    expect(made.map((p) => p.slug).sort()).toEqual(['same-name', 'same-name-2', 'same-name-3', 'same-name-4', 'same-name-5']);
    const copies = await Promise.all(Array.from({ length: 3 }, () => duplicatePackage(em(), made[0]!.id)));
    expect(new Set(copies.map((p) => p.slug)).size).toBe(3);
    const catalogs = await Promise.all(Array.from({ length: 4 }, () => createCatalog(em(), { name: 'Twin' })));
    expect(catalogs.map((c) => c.slug).sort()).toEqual(['twin', 'twin-2', 'twin-3', 'twin-4']);
  });

  it('refuses one slug typed for two catalogs at once by its field', async () => {
    const others = await Promise.all(['One', 'Two', 'Three'].map((name) => createCatalog(em(), { name: `Typed ${name}` })));
    const results = await Promise.allSettled(others.map((c) => updateCatalog(em(), c.id, { slug: 'typed-twice' })));
    expect(results.map(fieldOf).sort()).toEqual([
      'ok',
      'slug: That slug is already used; choose another.',
      'slug: That slug is already used; choose another.',
    ]);
    expect(await sql('select count(*)::int as n from catalog where slug = ?', ['typed-twice'])).toEqual([{ n: 1 }]);
  });

  it('refuses a coupon code given to two coupons at once by its field', async () => {
    const results = await Promise.allSettled(
      Array.from({ length: 4 }, () => saveCoupon(em(), undefined, { code: 'TWICE10', kind: 'percent', percent: '10', duration: 'once' })),
    );
    expect(results.map(fieldOf).sort()).toEqual([
      'code: Another coupon has that code.',
      'code: Another coupon has that code.',
      'code: Another coupon has that code.',
      'ok',
    ]);
    expect(await sql("select count(*)::int as n from coupon where code = 'TWICE10'")).toEqual([{ n: 1 }]);
  });

  it("stores a message's first wording saved several times at once once, every save succeeding, the last one kept", async () => {
    await saveLanguage(em(), { code: 'ja', name: 'Japanese' });
    const subjects = ['First', 'Second', 'Third', 'Fourth', 'Fifth', 'Sixth'].map((w) => `${w} wording`);
    const results = await Promise.allSettled(
      subjects.map((subject) => saveMessageTemplate(em(), { event: 'payment_receipt', language: 'ja', subject, text: 'Thank you.' })),
    );
    expect(results.map(fieldOf)).toEqual(subjects.map(() => 'ok'));
    const rows = await sql<{ subject: string }>("select subject from message_template where event = 'payment_receipt' and language = 'ja'");
    expect(rows).toHaveLength(1);
    expect(subjects).toContain(rows[0]!.subject);
  });

  it("stores a package's first translation saved several times at once once, every save succeeding", async () => {
    await saveLanguage(em(), { code: 'ko', name: 'Korean' });
    const { id: catalogId } = await createCatalog(em(), { name: 'Translated at once' });
    const pkg = await createPackage(em(), { catalogId, name: 'To translate' });
    const names = ['A', 'B', 'C', 'D', 'E', 'F'].map((n) => `Name ${n}`);
    const results = await Promise.allSettled(names.map((name) => saveTranslation(em(), pkg.id, { language: 'ko', name })));
    expect(results.map(fieldOf)).toEqual(names.map(() => 'ok'));
    const rows = await sql<{ name: string }>("select name from package_translation where package_id = ? and language = 'ko'", [pkg.id]);
    expect(rows).toHaveLength(1);
    expect(names).toContain(rows[0]!.name);
  });
});

describe('the first currencies and languages, saved into empty tables at once', () => {
  it('make exactly one of them the default, each in a place of its own', async () => {
    const fresh = await createTestDatabase();
    const rows = <T>(q: string) => fresh.orm.em.getConnection().execute<T[]>(q);
    try {
      for (let round = 0; round < 3; round++) {
        await rows('delete from currency');
        await rows('delete from language');
        const codes = ['USD', 'EUR', 'GBP', 'JPY'];
        await Promise.all(codes.map((code) => saveCurrency(fresh.orm.em.fork(), { code, name: code, rate: '1' })));
        const currencies = await rows<{ code: string; is_default: boolean; position: number }>(
          'select code, is_default, position from currency order by position',
        );
        expect(currencies.map((c) => c.code).sort(), `round ${round}`).toEqual(['EUR', 'GBP', 'JPY', 'USD']);
        expect(
          currencies.filter((c) => c.is_default),
          `round ${round}`,
        ).toHaveLength(1);
        expect(currencies.map((c) => c.position)).toEqual([1, 2, 3, 4]);
        await Promise.all(['en', 'de', 'fr'].map((code) => saveLanguage(fresh.orm.em.fork(), { code, name: code })));
        const languages = await rows<{ code: string; is_default: boolean }>('select code, is_default from language order by code');
        expect(
          languages.map((l) => l.code),
          `round ${round}`,
        ).toEqual(['de', 'en', 'fr']);
        expect(
          languages.filter((l) => l.is_default),
          `round ${round}`,
        ).toHaveLength(1);
      }
    } finally {
      await fresh.drop();
    }
  });
});

describe('a partial update (an API PATCH) while another change commits keeps that change', () => {
  const sql = <T>(q: string, p: unknown[] = []) => t.orm.em.getConnection().execute<T[]>(q, p);

  it("a coupon's new limit does not switch back on a coupon switched off meanwhile", async () => {
    const { id } = await saveCoupon(em(), undefined, { code: 'PATCHED5', kind: 'percent', percent: '5', duration: 'once' });
    const outcome = await whileHeld(
      t.url,
      (other) => other.query('select id from coupon where id = $1 for update', [id]),
      () => saveCoupon(em(), id, { maxUses: '50' }),
      (other) => other.query('update coupon set active = false where id = $1', [id]),
    );
    expect(outcome).toEqual({ id });
    expect(await sql('select active, max_uses from coupon where id = ?', [id])).toEqual([{ active: false, max_uses: 50 }]);
  });

  it("a client's new company does not write back the email changed meanwhile", async () => {
    const [client] = await sql<{ id: number }>(
      `insert into client (email, name, country) values ('before-patch@example.com', 'Patched', 'US') returning id`,
    );
    const outcome = await whileHeld(
      t.url,
      (other) => other.query('select id from client where id = $1 for update', [client!.id]),
      () => updateClientProfile(em(), client!.id, { company: 'Acme Ltd' }),
      (other) => other.query(`update client set email = 'after-patch@example.com' where id = $1`, [client!.id]),
    );
    expect(outcome).toMatchObject({ email: 'after-patch@example.com', company: 'Acme Ltd' });
    expect(await sql('select email, company from client where id = ?', [client!.id])).toEqual([
      { email: 'after-patch@example.com', company: 'Acme Ltd' },
    ]);
  });

  it('two billing settings saved at once each keep their own field', async () => {
    for (let round = 0; round < 8; round++) {
      await saveBillingSettings(em(), { invoiceDaysBefore: '7', reservationMinutes: '30' });
      await Promise.all([
        saveBillingSettings(em(), { invoiceDaysBefore: String(10 + round) }),
        saveBillingSettings(em(), { reservationMinutes: String(40 + round) }),
      ]);
      const saved = await getBillingSettings(em(), { fresh: true });
      expect([saved.invoiceDaysBefore, saved.reservationMinutes], `round ${round}`).toEqual([10 + round, 40 + round]);
    }
  });
});

describe('an option removed while it is being priced', () => {
  it('ends with the option gone and the pricing refused as not found (or done first), never a foreign key error', async () => {
    const sql = <T>(q: string, p: unknown[] = []) => t.orm.em.getConnection().execute<T[]>(q, p);
    await addCurrency(em(), { code: 'USD', name: 'US Dollar', rate: '1' });
    const { id: catalogId } = await createCatalog(em(), { name: 'Priced while removed' });
    const pkg = await createPackage(em(), { catalogId, name: 'Priced while removed' });
    const group = await saveVariantGroup(em(), pkg.id, undefined, { name: 'Location', type: 'choice' });
    const outcomes = new Set<string>();
    const seen = (r: PromiseSettledResult<unknown>) =>
      r.status === 'fulfilled' ? 'ok' : r.reason instanceof NotFound ? 'not found' : String(r.reason);
    for (let round = 0; round < 12; round++) {
      const option = await saveVariantOption(em(), pkg.id, group.id, undefined, { name: `Place ${round}` });
      const price = [{ priceName: 'Monthly', currency: 'USD', price: '2.00' }];
      const [removed, own, shared] = await Promise.allSettled([
        removeVariantOption(em(), pkg.id, group.id, option.id),
        savePackageOptionPrices(em(), pkg.id, option.id, { prices: price }),
        saveVariantOption(em(), pkg.id, group.id, option.id, { name: `Place ${round}`, prices: price }),
      ]);
      expect(seen(removed), `round ${round}`).toBe('ok');
      for (const r of [own, shared]) {
        outcomes.add(seen(r));
        expect(['ok', 'not found'], `round ${round}`).toContain(seen(r));
      }
      expect(await sql('select count(*)::int as n from variant_option where id = ?', [option.id])).toEqual([{ n: 0 }]);
    }
    expect(outcomes.has('not found')).toBe(true);
  });
});

describe('a package copied while its icon is replaced', () => {
  it('gives the copy the icon the source has once the copy commits, never a file the replacement deletes', async () => {
    const sql = <T>(q: string, p: unknown[] = []) => t.orm.em.getConnection().execute<T[]>(q, p);
    const { id: catalogId } = await createCatalog(em(), { name: 'Icons while copied' });
    const pkg = await createPackage(em(), { catalogId, name: 'Iconic' });
    await sql(`update package set icon_path = 'icons/old.png' where id = ?`, [pkg.id]);
    const copy = await whileHeld(
      t.url,
      (other) => other.query('select id from package where id = $1 for update', [pkg.id]),
      () => duplicatePackage(em(), pkg.id),
      (other) => other.query(`update package set icon_path = 'icons/replaced.png' where id = $1`, [pkg.id]),
    );
    expect(await sql('select icon_path from package where id = ?', [(copy as { id: number }).id])).toEqual([
      { icon_path: 'icons/replaced.png' },
    ]);
  });
});
