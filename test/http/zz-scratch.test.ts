import { it } from 'vitest';
import { makeTestApp, staffClient } from '../helpers/app.ts';
import { savePluginInstance } from '../../src/modules/provisioning/save-plugin-instance.ts';
import { makePackage, seedBasics } from './fixtures.ts';
import { setPackageProvisioning } from '../../src/modules/catalog/set-package-provisioning.ts';
it('x', async () => {
  const t = await makeTestApp();
  const { catalogId } = await seedBasics(t);
  const owner = await staffClient(t);
  const inst = await savePluginInstance(t.em(), undefined, { plugin: 'webhook', name: 'H', settings: { url: 'http://127.0.0.1:9/h', signingSecret: 's' } }, t.config.APP_SECRET);
  const id = await makePackage(t, catalogId, 'P');
  for (let i = 0; i < 3; i++) {
    const res = await owner.post(`/admin/packages/${id}/provisioning`, { pluginInstanceId: String(inst.id), 'options[region]': 'eu' });
    const html = await res.text();
    console.log('RESULT', res.status, /options-plan-error"[^>]*>([^<]*)/.exec(html)?.[1]);
  }
  try { await setPackageProvisioning(t.em(), id, { pluginInstanceId: inst.id, options: { region: 'eu' } }); console.log('RESULT action ok'); } catch (e) { console.log('RESULT action', (e as Error).message); }
  await t.close();
});
