import type { EntityManager } from '@mikro-orm/postgresql';
import { createCatalog } from '../../src/modules/catalog/create-catalog.ts';
import { createPackage } from '../../src/modules/catalog/create-package.ts';
import { savePrice } from '../../src/modules/catalog/save-price.ts';
import { saveWelcomeEmail } from '../../src/modules/catalog/save-welcome-email.ts';
import { setPackageProvisioning } from '../../src/modules/catalog/set-package-provisioning.ts';
import { payInvoice } from '../../src/modules/invoicing/pay-invoice.ts';
import { placeOrder } from '../../src/modules/checkout/place-order.ts';
import { savePluginInstance } from '../../src/modules/plugins/save-plugin-instance.ts';
import { saveCurrency } from '../../src/modules/settings/save-currency.ts';
import { saveLanguage } from '../../src/modules/settings/save-language.ts';

/**
 * USD, English and one monthly package provisioned through a webhook plugin instance, with a
 * welcome email: what the worker tests order, pay and watch being provisioned.
 */
export async function webhookPackage(em: () => EntityManager, hook: { url: string; secret: string }, appSecret: string): Promise<number> {
  await saveCurrency(em(), { code: 'USD', name: 'US Dollar', rate: '1', isDefault: '1' });
  await saveLanguage(em(), { code: 'en', name: 'English', isDefault: '1' });
  const catalog = await createCatalog(em(), { name: 'Servers' });
  const instance = await savePluginInstance(
    em(),
    undefined,
    { plugin: 'webhook', name: 'Panel', settings: { url: hook.url, signingSecret: hook.secret } },
    appSecret,
  );
  const pkg = await createPackage(em(), { catalogId: catalog.id, name: 'VPS' });
  await savePrice(em(), pkg.id, undefined, {
    name: 'Monthly',
    type: 'recurring',
    intervalCount: 1,
    period: 'month',
    currency: 'USD',
    price: '12',
  });
  await setPackageProvisioning(em(), pkg.id, { pluginInstanceId: instance.id, options: { plan: 'vps' } });
  await saveWelcomeEmail(em(), pkg.id, { language: 'en', subject: 'Ready: #{service.id}', html: '<p>Ready</p>', text: 'Ready' });
  return pkg.id;
}

/** A new client (name@example.com) with a paid order of the package: one pending service. */
export async function paidService(em: () => EntityManager, packageId: number, name: string) {
  const conn = em().getConnection();
  const email = `${name}@example.com`;
  const [c] = await conn.execute<{ id: number }[]>(`insert into client (email, name, currency) values (?, ?, 'USD') returning id`, [
    email,
    name,
  ]);
  const { invoice } = await placeOrder(em(), { clientId: c!.id, packageId, priceName: 'Monthly' }, new Date());
  await payInvoice(em(), { invoiceId: invoice.id, gateway: 'test', reference: `t-${invoice.id}` }, new Date());
  const [s] = await conn.execute<{ id: number }[]>('select id from service where client_id = ?', [c!.id]);
  return { serviceId: s!.id, email };
}
