import type { TestApp } from '../../helpers/app.ts';
import { saveVariantGroup } from '../../../src/modules/catalog/save-variant-group.ts';
import { saveVariantOption } from '../../../src/modules/catalog/save-variant-option.ts';
import { savePluginInstance } from '../../../src/modules/plugins/save-plugin-instance.ts';
import { addMonthlyPrice, makePackage, seedBasics } from '../fixtures.ts';

// The write routes the app registers, found from the router itself, with their parameters
// filled from `ids` (a route's :id means the record its prefix names), for the sweeps.

function concrete(path: string, ids: Record<string, string>): string {
  const idOf = (key: string) => ids[key] ?? ids.id ?? '1';
  return path
    .replace(/^\/admin\/catalogs\/:id/, `/admin/catalogs/${idOf('catalogId')}`)
    .replace(/^\/admin\/plugins\/:id/, `/admin/plugins/${idOf('instanceId')}`)
    .replace(/^\/admin\/clients\/:id/, `/admin/clients/${ids.clientId ?? '1'}`)
    .replace(/^\/api\/v1\/catalogs\/:id/, `/api/v1/catalogs/${idOf('catalogId')}`)
    .replace(/^\/api\/v1\/clients\/:id/, `/api/v1/clients/${ids.clientId ?? '1'}`)
    .replace(/:(\w+)/g, (_, name: string) => ids[name] ?? '1');
}

export function writeRoutesOf(t: TestApp, prefix: string, ids: Record<string, string>) {
  const seen = new Set<string>();
  return t.app.routes
    .filter((r) => ['POST', 'PUT', 'PATCH', 'DELETE'].includes(r.method) && r.path.startsWith(prefix) && !r.path.includes('*'))
    .map((r) => ({ method: r.method, path: concrete(r.path, ids) }))
    .filter((r) => !seen.has(`${r.method} ${r.path}`) && seen.add(`${r.method} ${r.path}`));
}

/** What the sweeps point routes at: a catalog with a priced package with an option group, a plugin instance. */
export async function sweepFixtures(t: TestApp): Promise<Record<string, string>> {
  const { catalogId } = await seedBasics(t);
  const packageId = await makePackage(t, catalogId, 'Swept');
  const price = await addMonthlyPrice(t, packageId, '5');
  const group = await saveVariantGroup(t.em(), packageId, undefined, { name: 'OS' });
  const option = await saveVariantOption(t.em(), packageId, group.id, undefined, { name: 'Ubuntu' });
  const instance = await savePluginInstance(t.em(), undefined, { plugin: 'none', name: 'Manual' }, t.config.APP_SECRET);
  return {
    id: String(packageId),
    priceId: String(price.id),
    groupId: String(group.id),
    optionId: String(option.id),
    code: 'EUR',
    country: 'DE',
    language: 'de',
    catalogId: String(catalogId),
    instanceId: String(instance.id),
  };
}
