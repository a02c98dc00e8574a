import type { EntityManager } from '@mikro-orm/postgresql';
import { createCatalog } from '../../modules/catalog/create-catalog.ts';
import { createPackage } from '../../modules/catalog/create-package.ts';
import { savePrice } from '../../modules/catalog/save-price.ts';
import { saveVariantGroup } from '../../modules/catalog/save-variant-group.ts';
import { saveVariantOption } from '../../modules/catalog/save-variant-option.ts';
import { setPackageOptionGroups } from '../../modules/catalog/set-package-option-groups.ts';
import { saveWelcomeEmail } from '../../modules/catalog/save-welcome-email.ts';
import { saveTranslation } from '../../modules/catalog/save-translation.ts';
import { setPackageProvisioning } from '../../modules/catalog/set-package-provisioning.ts';
import { setScalingTargets } from '../../modules/catalog/set-scaling-targets.ts';
import { createAddonGroup } from '../../modules/catalog/create-addon-group.ts';
import { setOfferedAddonGroups } from '../../modules/catalog/set-offered-addon-groups.ts';
import { saveCoupon } from '../../modules/coupons/save-coupon.ts';
import { signUpClient } from '../../modules/clients/sign-up-client.ts';
import { placeOrder } from '../../modules/checkout/place-order.ts';
import { payInvoice } from '../../modules/invoicing/pay-invoice.ts';
import { db } from '../database.ts';
import { provisionService } from '../../modules/provisioning/provision-service.ts';
import { savePluginInstance } from '../../modules/plugins/save-plugin-instance.ts';
import { saveCurrency } from '../../modules/settings/save-currency.ts';
import { saveLanguage } from '../../modules/settings/save-language.ts';
import { saveTaxRate } from '../../modules/settings/save-tax-rate.ts';
import { saveBillingSettings } from '../../modules/settings/billing-settings.ts';
import { saveSellerDetails } from '../../modules/settings/seller-details.ts';
import { createStaff } from '../../modules/staff/create-staff.ts';
import { Staff } from '../../modules/staff/staff.entities.ts';
import { Package } from '../../modules/catalog/catalog.entities.ts';

export const DEMO_OWNER = { email: 'owner@example.com', password: 'demo-owner-password', name: 'Demo Owner' } as const;
export const DEMO_CLIENT = { email: 'client@example.com', password: 'demo-client-password', name: 'Dana Demo' } as const;

const monthly = (currency: string, price: string, extra: Record<string, unknown> = {}) => ({
  name: 'Monthly',
  type: 'recurring',
  intervalCount: 1,
  period: 'month',
  currency,
  price,
  ...extra,
});
const annual = (currency: string, price: string, extra: Record<string, unknown> = {}) => ({
  name: 'Annual',
  type: 'recurring',
  intervalCount: 1,
  period: 'year',
  currency,
  price,
  ...extra,
});

/** Demo data for a fresh install. Does nothing when the database already has staff or packages. */
export async function seedDemo(em: EntityManager, appSecret: string, now = new Date()): Promise<boolean> {
  if ((await em.count(Staff, {})) > 0 || (await em.count(Package, {})) > 0) return false;

  await saveCurrency(em, { code: 'USD', name: 'US Dollar', minorUnits: 2, rate: '1', isDefault: '1' });
  await saveCurrency(em, { code: 'EUR', name: 'Euro', minorUnits: 2, rate: '0.92' });
  await saveCurrency(em, { code: 'JPY', name: 'Japanese Yen', minorUnits: 0, rate: '151.2' });
  await saveLanguage(em, { code: 'en', name: 'English', isDefault: '1' });
  await saveLanguage(em, { code: 'de', name: 'Deutsch' });
  await saveTaxRate(em, { country: 'DE', name: 'MwSt', rate: '19' });
  await saveTaxRate(em, { country: 'GB', name: 'VAT', rate: '20' });
  await saveBillingSettings(em, {});
  await saveSellerDetails(em, {
    name: 'Hostbill Demo Hosting GmbH',
    address: 'Beispielstraße 1\n10115 Berlin',
    country: 'DE',
    vatId: 'DE123456789',
    registrationNumber: 'HRB 12345 B',
    email: 'billing@example.com',
    bankDetails: 'Hostbill Demo Hosting GmbH\nIBAN DE89 3704 0044 0532 0130 00\nBIC COBADEFFXXX',
    footer: 'Thank you for your business.',
  });
  await createStaff(em, { ...DEMO_OWNER, role: 'owner' });

  const hosting = await createCatalog(em, { name: 'Web hosting', description: 'Shared hosting plans.' });
  const servers = await createCatalog(em, { name: 'Servers', description: 'Virtual and dedicated servers.' });
  const manual = await savePluginInstance(em, undefined, { plugin: 'none', name: 'Manual set-up', settings: {} }, appSecret);
  await savePluginInstance(
    em,
    undefined,
    {
      plugin: 'webhook',
      name: 'EU panel',
      settings: { url: 'http://127.0.0.1:9099/hooks/provision', signingSecret: 'demo-signing-secret' },
    },
    appSecret,
  );

  const trial = await createPackage(em, {
    catalogId: hosting.id,
    name: 'Starter',
    description: '<p>One site, 1 GB storage. <strong>Free forever.</strong></p>',
    perUserLimit: 1,
  });
  await savePrice(em, trial.id, undefined, { name: 'Free', type: 'free', currency: 'USD', price: '0' });

  const basic = await createPackage(em, {
    catalogId: hosting.id,
    name: 'Hosting Basic',
    description: '<p>10 sites, 25 GB NVMe storage, free TLS.</p><ul><li>Daily backups</li><li>Email included</li></ul>',
    proRata: '1',
    proRataDay: 1,
    proRataCutoffDay: 20,
    allowCancellation: '1',
  });
  await savePrice(em, basic.id, undefined, monthly('USD', '30.00', { setupFee: '5.00', cancellationFee: '10.00' }));
  await savePrice(em, basic.id, undefined, annual('USD', '300.00', { renewalPrice: '330.00' }));
  await savePrice(em, basic.id, undefined, monthly('EUR', '27.50', { setupFee: '5.00' }));
  await setPackageProvisioning(em, basic.id, {
    pluginInstanceId: manual.id,
    options: { instructions: 'Create the cPanel account by hand.' },
  });
  await saveTranslation(em, basic.id, { language: 'de', name: 'Hosting Basis', description: '<p>10 Websites, 25 GB NVMe-Speicher.</p>' });

  const vps = await createPackage(em, {
    catalogId: servers.id,
    name: 'VPS Small',
    description: '<p>2 vCPU, 4 GB RAM, 80 GB NVMe.</p>',
    allowQuantity: '1',
    perUserLimit: 5,
  });
  await savePrice(em, vps.id, undefined, monthly('USD', '12.0000'));
  await savePrice(em, vps.id, undefined, monthly('EUR', '11.0000'));
  // NOTE: the demo's webhook instance points at an endpoint that is not running; packages use
  // manual provisioning so demo orders activate. Point "EU panel" at a real endpoint to try it.
  await setPackageProvisioning(em, vps.id, { pluginInstanceId: manual.id, options: { instructions: 'Create the VM on cluster 2.' } });
  const os = await saveVariantGroup(em, vps.id, undefined, { name: 'Operating system' });
  const ubuntu = await saveVariantOption(em, vps.id, os.id, undefined, {
    name: 'Ubuntu 24.04',
    prices: [
      { priceName: 'Monthly', currency: 'USD', price: '0' },
      { priceName: 'Monthly', currency: 'EUR', price: '0' },
    ],
  });
  await saveVariantOption(em, vps.id, os.id, undefined, {
    name: 'Windows Server 2025',
    prices: [
      { priceName: 'Monthly', currency: 'USD', price: '15.00' },
      { priceName: 'Monthly', currency: 'EUR', price: '14.00' },
    ],
  });
  await saveWelcomeEmail(em, vps.id, {
    language: 'en',
    subject: 'Your {package.name} is ready',
    html: '<p>Hello {client.name},</p><p>Your server <strong>#{service.id}</strong> is ready. It renews on {service.next_due_date}.</p><p>{company.name}</p>',
    text: 'Hello {client.name},\n\nYour server #{service.id} is ready. It renews on {service.next_due_date}.\n\n{company.name}\n',
  });

  const vpsLarge = await createPackage(em, {
    catalogId: servers.id,
    name: 'VPS Large',
    description: '<p>8 vCPU, 16 GB RAM, 320 GB NVMe.</p>',
    allowQuantity: '1',
    useRenewalPricesForUpgrades: '1',
  });
  await savePrice(em, vpsLarge.id, undefined, monthly('USD', '48.0000', { renewalPrice: '44.0000' }));
  await savePrice(em, vpsLarge.id, undefined, monthly('EUR', '44.0000'));
  await setScalingTargets(em, vps.id, { targetIds: [vpsLarge.id] });
  await setScalingTargets(em, vpsLarge.id, { targetIds: [vps.id] });
  // One option group shared by both VPS packages: extra IPv4 addresses, priced per address for
  // "Monthly" (so it fits both), and changeable on a running VPS.
  const ips = await saveVariantGroup(em, vps.id, undefined, {
    name: 'Extra IPv4',
    type: 'quantity',
    minQuantity: 0,
    maxQuantity: 8,
    upgradable: true,
  });
  await saveVariantOption(em, vps.id, ips.id, undefined, {
    name: 'IPv4 address',
    prices: [
      { priceName: 'Monthly', currency: 'USD', price: '2.00' },
      { priceName: 'Monthly', currency: 'EUR', price: '1.80' },
    ],
  });
  await setPackageOptionGroups(em, vpsLarge.id, { groupIds: [ips.id] });

  const dedicated = await createPackage(em, {
    catalogId: servers.id,
    name: 'Dedicated E-2388G',
    description: '<p>8 cores, 64 GB ECC RAM, 2 × 1 TB NVMe. Limited stock.</p>',
    stock: 3,
    perUserLimit: 1,
  });
  await savePrice(em, dedicated.id, undefined, monthly('USD', '149.00', { setupFee: '99.00', cancellationFee: '49.00' }));
  await savePrice(em, dedicated.id, undefined, { name: 'Setup once', type: 'onetime', currency: 'USD', price: '1499.00' });

  const partner = await createPackage(em, {
    catalogId: servers.id,
    name: 'Reseller Partner',
    description: '<p>Wholesale capacity for approved partners.</p>',
    status: 'restricted',
  });
  await savePrice(em, partner.id, undefined, monthly('USD', '99.0000'));

  // Add-ons for the VPS packages, sold only with a VPS (their catalog is hidden from the store).
  const extras = await createCatalog(em, { name: 'Add-ons', hidden: '1' });
  const backup = await createPackage(em, {
    catalogId: extras.id,
    name: 'Daily Backup',
    description: '<p>A snapshot every night, kept for 14 days.</p>',
  });
  await savePrice(em, backup.id, undefined, monthly('USD', '5.0000'));
  await savePrice(em, backup.id, undefined, monthly('EUR', '4.6000'));
  const ipv4 = await createPackage(em, {
    catalogId: extras.id,
    name: 'Extra IPv4',
    description: '<p>One more public IPv4 address.</p>',
    allowQuantity: '1',
    stock: 50,
  });
  await savePrice(em, ipv4.id, undefined, monthly('USD', '3.0000', { setupFee: '1.0000' }));
  const backups = await createAddonGroup(em, { name: 'Backups', names: { de: 'Sicherungen' }, packageIds: [backup.id] });
  const network = await createAddonGroup(em, { name: 'Network', names: { de: 'Netzwerk' }, packageIds: [ipv4.id] });
  for (const id of [vps.id, vpsLarge.id]) await setOfferedAddonGroups(em, id, { groupIds: [backups.id, network.id] });

  // A welcome code to try at checkout or in the cart: 10% off the first invoice, once per client.
  await saveCoupon(em, undefined, { code: 'WELCOME10', kind: 'percent', percent: '10', duration: 'once', maxUsesPerClient: 1 });

  // A client with services ordered three weeks ago, so renewals, the billing preview and the
  // upgrade to VPS Large have something to show. They are set up here, through the same step the
  // worker runs, so they are active before the worker's first renewal scan (which runs as it
  // starts); the worker then finds their provisioning done and sends their welcome emails.
  const { client } = await signUpClient(em.fork(), { ...DEMO_CLIENT, country: 'DE', currency: 'USD', language: 'en' }, now);
  const ordered = new Date(now.getTime() - 21 * 86_400_000);
  for (const line of [
    { packageId: vps.id, priceName: 'Monthly', quantity: 2, optionIds: [ubuntu.id] },
    { packageId: basic.id, priceName: 'Monthly', quantity: 1 },
  ]) {
    const { invoice } = await placeOrder(em.fork(), { clientId: client.id, ...line }, ordered);
    await payInvoice(em.fork(), { invoiceId: invoice.id, gateway: 'manual', reference: `DEMO-${invoice.id}` }, ordered);
  }
  const services = await db(em).selectFrom('service').select('id').where('client_id', '=', client.id).orderBy('id').execute();
  // NOTE: set up when they were paid for, as a worker running then would have: the MRR report
  // and chart count a service from its start, so three weeks of history show.
  for (const { id } of services) await provisionService(em.fork(), id, appSecret, () => ordered);
  return true;
}
