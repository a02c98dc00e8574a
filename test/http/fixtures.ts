// Shared set-up for the HTTP tests: store basics, packages, services, and a DB snapshot to
// prove that a refused request changed nothing.
import type { TestApp } from '../helpers/app.ts';
import { createCatalog } from '../../src/modules/catalog/create-catalog.ts';
import { createPackage } from '../../src/modules/catalog/create-package.ts';
import { loadPackage } from '../../src/modules/catalog/load-package.ts';
import { serializePackage } from '../../src/modules/catalog/serialize-package.ts';
import { savePrice } from '../../src/modules/catalog/save-price.ts';
import { saveCurrency } from '../../src/modules/settings/save-currency.ts';
import { saveLanguage } from '../../src/modules/settings/save-language.ts';

/** USD (default), EUR, English (default), German and one catalog. */
export async function seedBasics(t: TestApp) {
  await saveCurrency(t.em(), { code: 'USD', name: 'US Dollar', rate: '1', isDefault: '1' });
  await saveCurrency(t.em(), { code: 'EUR', name: 'Euro', rate: '0.92' });
  await saveLanguage(t.em(), { code: 'en', name: 'English', isDefault: '1' });
  await saveLanguage(t.em(), { code: 'de', name: 'Deutsch' });
  const catalog = await createCatalog(t.em(), { name: `Hosting ${Math.random().toString(36).slice(2, 8)}` });
  return { catalogId: catalog.id };
}

export async function makePackage(t: TestApp, catalogId: number, name: string, extra: Record<string, unknown> = {}) {
  return (await createPackage(t.em(), { catalogId, name, ...extra })).id;
}

/** A recurring monthly price named 'Monthly', in USD. */
export async function addMonthlyPrice(t: TestApp, packageId: number, price: string) {
  return savePrice(t.em(), packageId, undefined, {
    name: 'Monthly',
    type: 'recurring',
    intervalCount: 1,
    period: 'month',
    currency: 'USD',
    price,
  });
}

export async function pkgDetail(t: TestApp, id: number) {
  return serializePackage(await loadPackage(t.em(), id));
}

export async function packageExists(t: TestApp, id: number) {
  const rows = await t.orm.em.getConnection().execute<{ n: number }[]>('select count(*)::int as n from package where id = ?', [id]);
  return rows[0]!.n === 1;
}

let clients = 0;
/** A client and one service of the package, inserted with SQL (there is no order flow yet). */
export async function addService(t: TestApp, packageId: number, status = 'active') {
  const conn = t.orm.em.getConnection();
  const [client] = await conn.execute<{ id: number }[]>(`insert into client (email, name) values (?, ?) returning id`, [
    `client${++clients}-${packageId}@example.com`,
    'Client',
  ]);
  await conn.execute(`insert into service (client_id, package_id, status) values (?, ?, ?)`, [client!.id, packageId, status]);
}

const TABLES = [
  'catalog',
  'package',
  'package_price',
  'package_translation',
  'package_scaling',
  'addon_group',
  'addon_group_package',
  'package_addon_group',
  'variant_group',
  'package_option_group',
  'variant_option',
  'variant_option_price',
  'package_option_price',
  'welcome_email',
  'currency',
  'language',
  'tax_rate',
  'setting',
  'plugin_instance',
  'service',
];

/** Every catalog, package and settings row as one string: equal before and after means nothing changed. */
export async function snapshot(t: TestApp): Promise<string> {
  const conn = t.orm.em.getConnection();
  const out: Record<string, unknown> = {};
  for (const table of TABLES) out[table] = await conn.execute(`select * from ${table} order by 1, 2`);
  return JSON.stringify(out);
}

/** Response text with the HTML entities hono/jsx writes turned back into characters. */
export async function textOf(res: Response): Promise<string> {
  return (await res.text())
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/** A valid 1x1 PNG. */
export const PNG = Uint8Array.from(
  Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64'),
);

/**
 * What a browser would send for the form `id` on a page: its inputs' values (a radio or checkbox
 * only when checked), each select's selected option, and the inputs outside it that name it in
 * their `form` attribute. Enough for the pages' own markup, not a general HTML parser.
 */
export function formSubmission(html: string, id: string): Record<string, string> {
  const open = html.indexOf(`<form id="${id}"`);
  const inside = open < 0 ? '' : html.slice(open, html.indexOf('</form>', open));
  return fieldsOf(
    inside,
    [...html.matchAll(new RegExp(`<input\\b[^>]*\\sform="${id}"[^>]*>`, 'g'))].map(([tag]) => tag),
  );
}

/** Every form on a page that posts, with its action and what a browser would send for it (formSubmission). */
export function postForms(html: string): { action: string; fields: Record<string, string> }[] {
  return [...html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/g)]
    .filter(([, attrs]) => /\smethod="post"/i.test(attrs!))
    .map(([, attrs, inside]) => ({ action: attr(attrs!, 'action') ?? '', fields: fieldsOf(inside!, []) }));
}

const attr = (tag: string, name: string) => new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1];

function fieldsOf(inside: string, outside: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const tag of [...[...inside.matchAll(/<input\b[^>]*>/g)].map(([t]) => t), ...outside]) {
    const name = attr(tag, 'name');
    const type = attr(tag, 'type') ?? 'text';
    if (!name || ((type === 'radio' || type === 'checkbox') && !/\schecked(="[^"]*")?[\s/>]/.test(tag))) continue;
    out[name] = attr(tag, 'value') ?? (type === 'checkbox' ? 'on' : '');
  }
  for (const [, name, body] of inside.matchAll(/<select\b[^>]*\sname="([^"]*)"[^>]*>([\s\S]*?)<\/select>/g)) {
    const options = [...body!.matchAll(/<option\b[^>]*>/g)].map(([tag]) => tag);
    const chosen = options.find((tag) => /\sselected/.test(tag)) ?? options[0];
    if (chosen) out[name!] = attr(chosen, 'value') ?? '';
  }
  for (const [, name, body] of inside.matchAll(/<textarea\b[^>]*\sname="([^"]*)"[^>]*>([\s\S]*?)<\/textarea>/g)) out[name!] = body!;
  return out;
}
