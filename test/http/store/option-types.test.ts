// Configurable options of every type, shared by two packages, through the store: the page's
// controls, the live price, checkout's invoice lines, the service's snapshot and its renewal.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../../helpers/app.ts';
import { saveVariantGroup } from '../../../src/modules/catalog/save-variant-group.ts';
import { saveVariantOption } from '../../../src/modules/catalog/save-variant-option.ts';
import { setPackageOptionGroups } from '../../../src/modules/catalog/set-package-option-groups.ts';
import { payInvoice } from '../../../src/modules/invoicing/pay-invoice.ts';
import { seedBasics, textOf } from '../fixtures.ts';
import { fieldError, sql } from '../client/helpers.ts';
import { invoiceIdFrom, monthly, shopper, storePackage } from './helpers.ts';

let t: TestApp;
const pk: Record<string, { id: number; slug: string }> = {};
const g: Record<string, number> = {};
let backupsYes: number;

beforeAll(async () => {
  t = await makeTestApp();
  const { catalogId } = await seedBasics(t);
  pk.vps = await storePackage(t, catalogId, 'VPS', {}, [monthly('USD', '20.00')]);
  pk.dedicated = await storePackage(t, catalogId, 'Dedicated', {}, [monthly('USD', '90.00')]);
  const ips = await saveVariantGroup(t.em(), pk.vps.id, undefined, {
    name: 'Extra IPv4',
    type: 'quantity',
    minQuantity: 0,
    maxQuantity: 16,
  });
  await saveVariantOption(t.em(), pk.vps.id, ips.id, undefined, {
    name: 'IPv4 address',
    prices: [{ priceName: 'Monthly', currency: 'USD', price: '2.00', setupFee: '1.00' }],
  });
  const backups = await saveVariantGroup(t.em(), pk.vps.id, undefined, { name: 'Managed backups', type: 'yesno' });
  backupsYes = (
    await saveVariantOption(t.em(), pk.vps.id, backups.id, undefined, {
      name: 'Yes',
      prices: [{ priceName: 'Monthly', currency: 'USD', price: '5.00' }],
    })
  ).id;
  const host = await saveVariantGroup(t.em(), pk.vps.id, undefined, {
    name: 'Hostname',
    type: 'text',
    minQuantity: 1,
    pattern: '^[a-z0-9.-]+$',
  });
  Object.assign(g, { ips: ips.id, backups: backups.id, host: host.id });
  // The same groups on a second package: priced by the price's name, so "Monthly" fits both.
  await setPackageOptionGroups(t.em(), pk.dedicated.id, { groupIds: [ips.id, backups.id, host.id] });
});
afterAll(() => t.close());

const form = (extra: Record<string, string> = {}) => ({
  priceName: 'Monthly',
  [`optionQuantities[${g.ips}]`]: '4',
  [`options[${g.backups}]`]: String(backupsYes),
  [`optionTexts[${g.host}]`]: 'web1.example.com',
  ...extra,
});

describe('option types in the store', () => {
  it('shows a number box, a checkbox and a text box, and prices the choice live', async () => {
    const { b } = await shopper(t, { currency: 'USD' });
    const page = await textOf(await b.get(`/store/${pk.dedicated!.slug}`));
    expect(page).toContain(`name="optionQuantities[${g.ips}]" type="number"`);
    expect(page).toContain(`type="checkbox" id="f-options-${g.backups}" name="options[${g.backups}]" value="${backupsYes}"`);
    expect(page).toContain(`name="optionTexts[${g.host}]"`);
    const quote = await textOf(await b.post(`/store/${pk.dedicated!.slug}/quote`, form(), { htmx: true }));
    expect(quote).toContain('Extra IPv4: 4 × IPv4 address');
    expect(quote).toContain('Managed backups: Yes');
    expect(quote).toContain('Hostname: web1.example.com');
    // 90 + 4 × 2 + 4 × 1 setup + 5
    expect(quote).toContain('107.00 USD');
  });

  it('orders them: the invoice lists each, the service keeps them, and its renewal charges them', async () => {
    const { b, id: clientId } = await shopper(t, { currency: 'USD' });
    const res = await b.post(`/store/${pk.vps!.slug}/order`, form());
    expect(res.status, await textOf(res.clone())).toBe(303);
    const invoiceId = invoiceIdFrom(res);
    const lines = await sql<{ description: string; amount: string }>(
      t,
      'select description, amount from invoice_line where invoice_id = ? order by id',
      [invoiceId],
    );
    expect(lines.map((l) => [l.description.replace(/, \d{4}-.*$/, ''), l.amount])).toEqual([
      ['VPS (Monthly)', '20.0000'],
      ['Extra IPv4: 4 × IPv4 address', '8.0000'],
      ['Extra IPv4: 4 × IPv4 address setup fee', '4.0000'],
      ['Managed backups: Yes', '5.0000'],
      ['Hostname: web1.example.com', '0.0000'],
    ]);
    await payInvoice(t.em(), { invoiceId, gateway: 'manual', reference: `opt-${invoiceId}` }, new Date());
    const [service] = await sql<{ price_snapshot: Record<string, unknown> }>(t, 'select price_snapshot from service where client_id = ?', [
      clientId,
    ]);
    expect(service!.price_snapshot).toMatchObject({
      optionIds: [backupsYes],
      optionQuantities: { [g.ips!]: 4 },
      optionTexts: { [g.host!]: 'web1.example.com' },
      quote: { renewalAmount: '33.0000' },
    });
    // The client's service page names them.
    const [{ id: serviceId }] = (await sql<{ id: number }>(t, 'select id from service where client_id = ?', [clientId])) as [
      { id: number },
    ];
    const page = await textOf(await b.get(`/account/services/${serviceId}`));
    for (const label of ['Extra IPv4: 4 × IPv4 address', 'Managed backups: Yes', 'Hostname: web1.example.com'])
      expect(page).toContain(label);
  });

  it('refuses a quantity out of bounds and a text not in its form, each by its field, keeping what was typed', async () => {
    const { b } = await shopper(t, { currency: 'USD' });
    const before = (await sql<{ n: number }>(t, 'select count(*)::int as n from client_order'))[0]!.n;
    const many = await b.post(`/store/${pk.vps!.slug}/order`, form({ [`optionQuantities[${g.ips}]`]: '17' }));
    expect(many.status).toBe(422);
    const html = await textOf(many);
    expect(fieldError(html, `options-${g.ips}`)).toBe('Extra IPv4: enter a number from 0 to 16.');
    expect(html).toContain('value="17"');
    const bad = await textOf(await b.post(`/store/${pk.vps!.slug}/order`, form({ [`optionTexts[${g.host}]`]: 'Web 1!' })));
    expect(fieldError(bad, `options-${g.host}`)).toContain('is not in the form this asks for');
    expect(bad).toContain('value="Web 1!"');
    const none = await textOf(await b.post(`/store/${pk.vps!.slug}/order`, form({ [`optionTexts[${g.host}]`]: '' })));
    expect(fieldError(none, `options-${g.host}`)).toBe('Enter Hostname.');
    expect((await sql<{ n: number }>(t, 'select count(*)::int as n from client_order'))[0]!.n).toBe(before);
  });

  it('does not offer an option with a pricing option it has no price for (shown, not choosable)', async () => {
    const { catalogId } = await seedBasics(t);
    const pkg = await storePackage(t, catalogId, 'Flex', {}, [
      monthly('USD', '10.00'),
      { name: 'Annual', type: 'recurring', intervalCount: 1, period: 'year', currency: 'USD', price: '100' },
    ]);
    const os = await saveVariantGroup(t.em(), pkg.id, undefined, { name: 'OS' });
    const linux = await saveVariantOption(t.em(), pkg.id, os.id, undefined, {
      name: 'Linux',
      prices: [
        { priceName: 'Monthly', currency: 'USD', price: '0' },
        { priceName: 'Annual', currency: 'USD', price: '0' },
      ],
    });
    const windows = await saveVariantOption(t.em(), pkg.id, os.id, undefined, {
      name: 'Windows',
      prices: [{ priceName: 'Monthly', currency: 'USD', price: '5' }],
    });
    const { b } = await shopper(t, { currency: 'USD' });
    const annual = await textOf(
      await b.post(`/store/${pkg.slug}/quote`, { priceName: 'Annual', [`options[${os.id}]`]: String(linux.id) }, { htmx: true }),
    );
    expect(annual).toMatch(new RegExp(`id="option-${windows.id}"[^>]*disabled`));
    expect(annual).not.toMatch(new RegExp(`id="option-${linux.id}"[^>]*disabled`));
    const monthlyPage = await textOf(
      await b.post(`/store/${pkg.slug}/quote`, { priceName: 'Monthly', [`options[${os.id}]`]: String(linux.id) }, { htmx: true }),
    );
    expect(monthlyPage).not.toMatch(new RegExp(`id="option-${windows.id}"[^>]*disabled`));
  });
});
