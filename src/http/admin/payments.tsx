import { Hono, type Context } from 'hono';
import { gatewayEnv } from '../../config.ts';
import { GatewayList, GatewayPage, PaymentsPage } from '../../../views/admin/payments/index.tsx';
import { TestResult } from '../../../views/admin/plugins/index.tsx';
import { typedSecrets } from '../../../views/components/plugin-fields.tsx';
import { listGateways } from '../../modules/payments/list-gateways.ts';
import { moveGateway } from '../../modules/payments/move-gateway.ts';
import { findGateway } from '../../modules/payments/registry.ts';
import { saveGatewaySettings } from '../../modules/payments/save-gateway-settings.ts';
import { testGatewayConnection } from '../../modules/payments/test-gateway-connection.ts';
import { listCurrencyCodes } from '../../modules/settings/list-currency-codes.ts';
import { NotFound } from '../../modules/shared/errors.ts';
import { canWrite } from '../../modules/staff/rules/roles.ts';
import { fields, isHtmx, nested, readForm } from '../form.ts';
import { attempt, layoutProps, redirectAfterPost } from '../respond.ts';
import type { Env } from '../types.ts';

const gateways = (c: Context<Env>) => listGateways(c.var.em, gatewayEnv(c.var.deps.config), c.var.deps.config.APP_SECRET);

async function gatewayPage(
  c: Context<Env>,
  key: string,
  extra: Omit<Parameters<typeof GatewayPage>[0], 'gateway' | 'currencyCodes' | 'webhookUrl' | 'canWrite' | 'staff' | 'csrfToken'> = {},
  status: 200 | 409 | 422 = 200,
) {
  c.var.em.clear();
  const gateway = (await gateways(c)).find((g) => g.key === key);
  if (!gateway) throw new NotFound('That payment gateway');
  const webhookUrl = key === 'stripe' ? `${c.var.deps.config.PUBLIC_URL}/webhooks/stripe` : null;
  return c.html(
    <GatewayPage
      {...layoutProps(c)}
      gateway={gateway}
      currencyCodes={await listCurrencyCodes(c.var.em)}
      webhookUrl={webhookUrl}
      canWrite={canWrite(c.var.staff!.role)}
      {...extra}
    />,
    status,
  );
}

const asList = (v: string | string[] | undefined) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

export const paymentRoutes = new Hono<Env>()
  .get('/', async (c) => c.html(<PaymentsPage {...layoutProps(c)} gateways={await gateways(c)} canWrite={canWrite(c.var.staff!.role)} />))
  .get('/:key{[a-z]{1,20}}', (c) => gatewayPage(c, c.req.param('key'), { saved: c.req.query('saved') === '1' }))
  .post('/:key{[a-z]{1,20}}', async (c) => {
    const key = c.req.param('key');
    const form = await readForm(c);
    const f = fields(form);
    const raw = { enabled: f.enabled ?? '', currencies: asList(f['currencies[]'] ?? f.currencies), settings: nested(form, 'settings') };
    const result = await attempt(() => saveGatewaySettings(c.var.em, key, raw, c.var.deps.config.APP_SECRET));
    if (result.ok) return redirectAfterPost(c, `/admin/payments/${key}?saved=1`);
    // NOTE: typed secrets are never sent back into the page.
    const secret = new Set(
      findGateway(key)
        ?.settingsFields.filter((s) => s.type === 'secret')
        .map((s) => s.key),
    );
    const settings = Object.fromEntries(Object.entries(raw.settings).filter(([k]) => !secret.has(k)));
    return gatewayPage(
      c,
      key,
      {
        values: {
          enabled: ['on', '1', 'true'].includes(String(raw.enabled)),
          currencies: raw.currencies,
          settings,
          retype: typedSecrets(findGateway(key)?.settingsFields, raw.settings),
        },
        errors: result.errors,
      },
      result.status,
    );
  })
  .post('/:key{[a-z]{1,20}}/move', async (c) => {
    const direction = fields(await readForm(c)).direction === 'up' ? 'up' : 'down';
    await moveGateway(c.var.em, c.req.param('key'), direction);
    if (isHtmx(c))
      return c.html(<GatewayList gateways={await gateways(c)} csrfToken={c.var.csrfToken} canWrite={canWrite(c.var.staff!.role)} />);
    return redirectAfterPost(c, '/admin/payments');
  })
  .post('/:key{[a-z]{1,20}}/test', async (c) => {
    const key = c.req.param('key');
    const result = await testGatewayConnection(c.var.em, key, gatewayEnv(c.var.deps.config), c.var.deps.config.APP_SECRET);
    if (isHtmx(c)) return c.html(<TestResult id={`gateway-${key}`} result={result} />);
    return gatewayPage(c, key, { testResult: result });
  });
