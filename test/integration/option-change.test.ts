// Changing an upgradable option of an active service (DOMAIN.md "Configurable options"): priced
// like a package change (the old options' unused days credited, the new ones charged), applied
// when paid, renewing with the new options; groups not marked upgradable never change.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../helpers/db.ts';
import { createCatalog } from '../../src/modules/catalog/create-catalog.ts';
import { createPackage } from '../../src/modules/catalog/create-package.ts';
import { savePrice } from '../../src/modules/catalog/save-price.ts';
import { saveVariantGroup } from '../../src/modules/catalog/save-variant-group.ts';
import { saveVariantOption } from '../../src/modules/catalog/save-variant-option.ts';
import { placeOrder } from '../../src/modules/checkout/place-order.ts';
import { payInvoice } from '../../src/modules/invoicing/pay-invoice.ts';
import { confirmServiceChange } from '../../src/modules/scaling/confirm-service-change.ts';
import { previewServiceChange } from '../../src/modules/scaling/preview-service-change.ts';
import { saveCurrency } from '../../src/modules/settings/save-currency.ts';
import { setPackageOptionGroups } from '../../src/modules/catalog/set-package-option-groups.ts';
import { setScalingTargets } from '../../src/modules/catalog/set-scaling-targets.ts';
import { previewChangePage } from '../../src/modules/scaling/preview-change-page.ts';
import { DomainError } from '../../src/modules/shared/errors.ts';

let db: Awaited<ReturnType<typeof createTestDatabase>>;
const em = () => db.orm.em.fork();
const sql = <T = Record<string, unknown>>(q: string, p: unknown[] = []) => db.orm.em.getConnection().execute<T[]>(q, p);
const at = (day: string) => new Date(`${day}T12:00:00Z`);

let vps: number;
let ips: number;
let os: number;
let linux: number;
let windows: number;
let serviceId: number;

beforeAll(async () => {
  db = await createTestDatabase();
  await saveCurrency(em(), { code: 'USD', name: 'US Dollar', rate: '1', isDefault: '1' });
  const cat = await createCatalog(em(), { name: 'Servers' });
  vps = (await createPackage(em(), { catalogId: cat.id, name: 'VPS', stock: 1 })).id;
  await savePrice(em(), vps, undefined, {
    name: 'Monthly',
    type: 'recurring',
    intervalCount: 1,
    period: 'month',
    currency: 'USD',
    price: '20',
  });
  ips = (
    await saveVariantGroup(em(), vps, undefined, {
      name: 'Extra IPv4',
      type: 'quantity',
      minQuantity: 0,
      maxQuantity: 16,
      upgradable: true,
    })
  ).id;
  await saveVariantOption(em(), vps, ips, undefined, {
    name: 'IPv4 address',
    prices: [{ priceName: 'Monthly', currency: 'USD', price: '3' }],
  });
  os = (await saveVariantGroup(em(), vps, undefined, { name: 'Operating system' })).id;
  linux = (
    await saveVariantOption(em(), vps, os, undefined, { name: 'Linux', prices: [{ priceName: 'Monthly', currency: 'USD', price: '0' }] })
  ).id;
  windows = (
    await saveVariantOption(em(), vps, os, undefined, { name: 'Windows', prices: [{ priceName: 'Monthly', currency: 'USD', price: '10' }] })
  ).id;
  const [c] = await sql<{ id: number }>(
    `insert into client (email, name, country, currency) values ('opt@example.com', 'Opt', 'US', 'USD') returning id`,
  );
  const { invoice } = await placeOrder(
    em(),
    { clientId: c!.id, packageId: vps, priceName: 'Monthly', optionIds: [linux], optionQuantities: { [ips]: 4 } },
    at('2026-03-01'),
  );
  await payInvoice(em(), { invoiceId: invoice.id, gateway: 'manual', reference: 'first' }, at('2026-03-01'));
  [{ id: serviceId }] = (await sql<{ id: number }>('select id from service where client_id = ?', [c!.id])) as [{ id: number }];
  await sql(`update service set status = 'active' where id = ?`, [serviceId]);
}, 60_000);
afterAll(() => db?.drop());

const change = (extra: Record<string, unknown>) => ({
  packageId: vps,
  priceName: 'Monthly',
  optionIds: [linux],
  optionQuantities: { [ips]: 6 },
  ...extra,
});

describe('changing an upgradable option', () => {
  it('previews 4 → 6 extra IPs like a package change: the old options credited, the new charged, for the days left', async () => {
    const p = await previewServiceChange(em(), { serviceId }, change({}), at('2026-03-16'));
    expect(p.lines.map((l) => [l.kind, l.description, l.amount])).toEqual([
      [
        'upgrade-credit',
        'Unused VPS (Monthly) with Extra IPv4: 4 × IPv4 address, Operating system: Linux, 2026-03-16 to 2026-03-31 (16/31 days)',
        '-16.5161',
      ],
      [
        'upgrade-charge',
        'VPS (Monthly) with Extra IPv4: 6 × IPv4 address, Operating system: Linux, 2026-03-16 to 2026-03-31 (16/31 days)',
        '19.6129',
      ],
    ]);
    expect([p.outcome, p.net]).toEqual(['invoice', '3.0968']);
    expect(p.renewal).toEqual({ amount: '38.0000', currency: 'USD' });
  });

  it('is confirmed and applied when paid, even with the package sold out (it takes no new unit), and renews with 6', async () => {
    const p = await previewServiceChange(em(), { serviceId }, change({}), at('2026-03-16'));
    const confirmed = await confirmServiceChange(
      em(),
      { serviceId, actor: 'client' },
      { ...change({}), expectedNet: p.net, expectedTotal: p.total, expectedCurrency: p.currency, effectiveDate: p.effectiveDate },
      at('2026-03-16'),
    );
    expect(confirmed.status).toBe('awaiting_payment');
    await payInvoice(em(), { invoiceId: confirmed.invoiceId!, gateway: 'manual', reference: 'change' }, at('2026-03-16'));
    const [s] = await sql<{ package_id: number; price_snapshot: Record<string, unknown> }>(
      'select package_id, price_snapshot from service where id = ?',
      [serviceId],
    );
    expect(s!.package_id).toBe(vps);
    expect(s!.price_snapshot).toMatchObject({ optionIds: [linux], optionQuantities: { [ips]: 6 }, quote: { renewalAmount: '38.0000' } });
  });

  it('never changes a group that is not upgradable, and refuses a change of nothing', async () => {
    const p = await previewServiceChange(
      em(),
      { serviceId },
      change({ optionIds: [windows], optionQuantities: { [ips]: 8 } }),
      at('2026-03-20'),
    );
    expect(p.to.options.map((o) => o.label)).toEqual(['Extra IPv4: 8 × IPv4 address', 'Operating system: Linux']);
    const nothing = await previewServiceChange(em(), { serviceId }, change({ optionIds: [windows] }), at('2026-03-20')).catch(
      (e: unknown) => e,
    );
    expect(nothing).toBeInstanceOf(DomainError);
    expect((nothing as DomainError).message).toBe('Change at least one option to preview.');
    const past = await previewServiceChange(em(), { serviceId }, change({ optionQuantities: { [ips]: 17 } }), at('2026-03-20')).catch(
      (e: unknown) => e,
    );
    expect((past as DomainError).fields).toHaveProperty(['optionIds.' + ips]);
  });
});

describe('a package change with a shared group', () => {
  it('starts the target’s form from the values the service has in the groups they share', async () => {
    const [cat] = await sql<{ id: number }>('select id from catalog limit 1');
    const large = (await createPackage(em(), { catalogId: cat!.id, name: 'VPS Large' })).id;
    await savePrice(em(), large, undefined, {
      name: 'Monthly',
      type: 'recurring',
      intervalCount: 1,
      period: 'month',
      currency: 'USD',
      price: '40',
    });
    await setPackageOptionGroups(em(), large, { groupIds: [ips] });
    await setScalingTargets(em(), vps, { targetIds: [large] });
    const page = await previewChangePage(em(), { serviceId, form: { packageId: String(large), shown: '' } }, at('2026-03-20'));
    expect(page.choice).toMatchObject({ packageId: large, quantities: { [ips]: '6' } });
    // 6 IPs carried over: 40 + 6 × 3 a month from the next due date.
    expect(page.preview?.renewal).toEqual({ amount: '58.0000', currency: 'USD' });
  });
});
