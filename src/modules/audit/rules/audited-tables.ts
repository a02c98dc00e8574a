// What the audit trail records changes of (the tables Migration20261204161000 put its trigger
// on), for the page's filter. Pure.

export const AUDITED_TABLES = [
  'addon_group',
  'addon_group_package',
  'api_token',
  'billing_run',
  'catalog',
  'client',
  'client_allowed_package',
  'client_order',
  'coupon',
  'coupon_amount',
  'coupon_package',
  'credit_entry',
  'credit_note',
  'currency',
  'invoice',
  'invoice_line',
  'language',
  'mail_message',
  'message_template',
  'package',
  'package_addon_group',
  'package_option_group',
  'package_option_price',
  'package_price',
  'package_scaling',
  'package_translation',
  'payment',
  'payment_gateway',
  'plugin_instance',
  'service',
  'service_change',
  'setting',
  'staff',
  'tax_rate',
  'variant_group',
  'variant_option',
  'variant_option_price',
  'welcome_email',
] as const;

/** Where a record of each kind is seen in the admin, when it has a page of its own. */
export function adminPathOf(objectType: string, objectId: string | null): string | null {
  if (!objectId || !/^\d+$/.test(objectId)) return null;
  const pages: Record<string, string> = {
    package: 'packages',
    client: 'clients',
    invoice: 'invoices',
    service: 'services',
    catalog: 'catalogs',
    coupon: 'coupons',
    credit_note: 'credit-notes',
    client_order: 'orders',
    addon_group: 'addon-groups',
    mail_message: 'messages',
    plugin_instance: 'plugins',
    staff: 'staff',
  };
  const page = pages[objectType];
  return page ? `/admin/${page}/${objectId}` : null;
}
