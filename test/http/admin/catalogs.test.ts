import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, makeTestApp, staffClient, type TestApp } from '../../helpers/app.ts';
import { listCatalogs } from '../../../src/modules/catalog/list-catalogs.ts';
import { createPackage } from '../../../src/modules/catalog/create-package.ts';

let t: TestApp;
let owner: Client;
beforeAll(async () => {
  t = await makeTestApp();
  owner = await staffClient(t, 'owner');
});
afterAll(() => t.close());

describe('catalog admin', () => {
  it('creates a catalog with a slug made from its name, and lists it', async () => {
    const res = await owner.post('/admin/catalogs', { name: 'Web Hosting & Email', slug: '', description: 'Plans' });
    expect(res.status).toBe(303);
    const list = await (await owner.get('/admin/catalogs')).text();
    expect(list).toContain('Web Hosting &amp; Email');
    expect(list).toContain('web-hosting-and-email');
  });

  it('shows a message next to the field for junk and stores nothing', async () => {
    const before = await listCatalogs(t.em());
    const res = await owner.post('/admin/catalogs', { name: '', slug: 'Bad Slug!' });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('Enter a name.');
    expect(html).toContain('Use lowercase letters, digits and single hyphens');
    expect(await listCatalogs(t.em())).toHaveLength(before.length);
  });

  it('rejects a slug that is taken', async () => {
    await owner.post('/admin/catalogs', { name: 'Servers', slug: 'servers' });
    const res = await owner.post('/admin/catalogs', { name: 'Other', slug: 'servers' });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('That slug is already used');
  });

  it('reorders catalogs with move up', async () => {
    const [first, second] = await listCatalogs(t.em());
    const res = await owner.post(`/admin/catalogs/${second!.id}/move`, { direction: 'up' }, { htmx: true });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('id="catalog-list"');
    const after = await listCatalogs(t.em());
    expect(after.map((c) => c.id).slice(0, 2)).toEqual([second!.id, first!.id]);
  });

  it('hides and shows a catalog', async () => {
    const [cat] = await listCatalogs(t.em());
    await owner.post(`/admin/catalogs/${cat!.id}/visibility`, { hidden: '1' });
    expect((await listCatalogs(t.em())).find((c) => c.id === cat!.id)?.hidden).toBe(true);
    await owner.post(`/admin/catalogs/${cat!.id}/visibility`, { hidden: '0' });
    expect((await listCatalogs(t.em())).find((c) => c.id === cat!.id)?.hidden).toBe(false);
  });

  it('refuses to delete a catalog that has packages, and deletes an empty one', async () => {
    const [full, empty] = await listCatalogs(t.em());
    await createPackage(t.em(), { catalogId: full!.id, name: 'Keeps it busy' });
    const refused = await owner.post(`/admin/catalogs/${full!.id}/delete`);
    expect(refused.status).toBe(409);
    expect(await refused.text()).toContain('still has 1 package');
    expect((await listCatalogs(t.em())).some((c) => c.id === full!.id)).toBe(true);
    const ok = await owner.post(`/admin/catalogs/${empty!.id}/delete`);
    expect(ok.status).toBe(303);
    expect((await listCatalogs(t.em())).some((c) => c.id === empty!.id)).toBe(false);
  });

  it('shows a refused edit again with its boxes as they were sent, so fixing the field does not hide the catalog', async () => {
    await owner.post('/admin/catalogs', { name: 'Taken', slug: 'taken-slug' });
    await owner.post('/admin/catalogs', { name: 'Shown', slug: 'shown-one' });
    const shown = (await listCatalogs(t.em())).find((c) => c.slug === 'shown-one')!;
    const box = (html: string) => /<input type="checkbox"[^>]*name="hidden"[^>]*>/.exec(html)![0];
    const unticked = await owner.post(`/admin/catalogs/${shown.id}`, { name: 'Shown', slug: 'taken-slug', hidden: '0' });
    expect(unticked.status).toBe(422);
    const page = await unticked.text();
    expect(page).toContain('That slug is already used');
    expect(box(page)).not.toContain('checked');
    const ticked = await owner.post(`/admin/catalogs/${shown.id}`, { name: 'Shown', slug: 'taken-slug', hidden: '1' });
    expect(box(await ticked.text())).toContain('checked');
    expect((await listCatalogs(t.em())).find((c) => c.id === shown.id)?.hidden).toBe(false);
  });

  it('edits a catalog and 404s an unknown one', async () => {
    const [cat] = await listCatalogs(t.em());
    expect((await owner.post(`/admin/catalogs/${cat!.id}`, { name: 'Renamed', slug: cat!.slug })).status).toBe(303);
    expect((await listCatalogs(t.em())).find((c) => c.id === cat!.id)?.name).toBe('Renamed');
    expect((await owner.get('/admin/catalogs/999999')).status).toBe(404);
    expect((await owner.post('/admin/catalogs/abc', { name: 'x' })).status).toBe(404);
  });
});
