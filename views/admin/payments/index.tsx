import type { GatewaySummary } from '../../../src/modules/payments/list-gateways.ts';
import { AdminLayout, type PageProps } from '../../layouts/admin.tsx';
import { Checkbox, Csrf, FormErrors, Notice, type Errors } from '../../components/form.tsx';
import { MoveButtons } from '../../components/move-buttons.tsx';
import { PluginFields } from '../../components/plugin-fields.tsx';
import { TestResult } from '../plugins/index.tsx';

export type GatewayRow = GatewaySummary;

const currencyText = (g: GatewayRow) => (g.currencies.length ? g.currencies.join(', ') : 'All currencies');

export function GatewayList(props: { gateways: GatewayRow[]; csrfToken: string | null; canWrite: boolean }) {
  return (
    <table class="table" id="gateways">
      <caption class="sr-only">Payment gateways, in the order clients see them</caption>
      <thead>
        <tr>
          <th scope="col">Order</th>
          <th scope="col">Gateway</th>
          <th scope="col">Status</th>
          <th scope="col">Currencies</th>
        </tr>
      </thead>
      <tbody>
        {props.gateways.map((g, i) => (
          <tr>
            <td>
              {props.canWrite && (
                <MoveButtons
                  action={`/admin/payments/${g.key}/move`}
                  target="#gateways"
                  csrfToken={props.csrfToken}
                  name={g.label}
                  first={i === 0}
                  last={i === props.gateways.length - 1}
                />
              )}
            </td>
            <td>
              <a href={`/admin/payments/${g.key}`}>{g.label}</a>
              <div class="muted small">{g.description}</div>
            </td>
            <td>
              <span class={`badge ${g.enabled ? 'ok' : 'muted'}`}>{g.enabled ? 'On' : 'Off'}</span>{' '}
              {g.mode && <span class={`badge ${g.mode === 'Live mode' ? 'ok' : 'warn'}`}>{g.mode}</span>}
              {g.enabled && g.unavailable && <div class="hint">{g.unavailable}</div>}
            </td>
            <td>{currencyText(g)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function PaymentsPage(props: PageProps & { gateways: GatewayRow[]; canWrite: boolean; errors?: Errors }) {
  return (
    <AdminLayout {...props} title="Payment gateways" active="payments">
      <h1>Payment gateways</h1>
      <p class="muted">Clients see the gateways that are on and take the invoice's currency, in this order.</p>
      <FormErrors errors={props.errors} />
      <GatewayList gateways={props.gateways} csrfToken={props.csrfToken ?? null} canWrite={props.canWrite} />
    </AdminLayout>
  );
}

export function GatewayPage(
  props: PageProps & {
    gateway: GatewayRow;
    currencyCodes: string[];
    webhookUrl: string | null;
    canWrite: boolean;
    values?: { enabled: boolean; currencies: string[]; settings: Record<string, unknown>; retype?: string[] };
    errors?: Errors;
    testResult?: { ok: boolean; message: string };
    saved?: boolean;
  },
) {
  const g = props.gateway;
  const v = props.values ?? { enabled: g.enabled, currencies: g.currencies, settings: g.settings };
  const e = props.errors ?? {};
  const testId = `gateway-${g.key}`;
  return (
    <AdminLayout {...props} title={g.label} active="payments">
      <p class="crumbs">
        <a href="/admin/payments">Payment gateways</a> /
      </p>
      <h1>
        {g.label} {g.mode && <span class={`badge ${g.mode === 'Live mode' ? 'ok' : 'warn'}`}>{g.mode}</span>}
      </h1>
      <p class="muted">{g.description}</p>
      {props.saved && <Notice kind="ok">Saved.</Notice>}
      {g.enabled && g.unavailable && <Notice kind="warn">{g.unavailable}</Notice>}
      <section class="card">
        <form method="post" action={`/admin/payments/${g.key}`} hx-boost="true" class="stack" id="gateway-form">
          <Csrf token={props.csrfToken ?? null} />
          <FormErrors errors={e} known={['enabled', 'currencies', ...g.settingsFields.map((f) => `settings.${f.key}`)]} />
          <fieldset disabled={!props.canWrite}>
            <Checkbox name="enabled" label="Offer this gateway to clients" checked={v.enabled} error={e.enabled} />
            <fieldset class={`field${e.currencies ? ' has-error' : ''}`}>
              <legend>Currencies</legend>
              <p class="hint">None ticked: every currency.</p>
              <div class="row-actions">
                {props.currencyCodes.map((code) => (
                  <label>
                    <input type="checkbox" name="currencies[]" value={code} checked={v.currencies.includes(code)} /> {code}
                  </label>
                ))}
              </div>
              {e.currencies && <p class="error">{e.currencies}</p>}
            </fieldset>
            <PluginFields
              fields={g.settingsFields}
              group="settings"
              values={v.settings}
              errors={e}
              secretsSet={g.savedSecrets}
              retype={'retype' in v ? v.retype : undefined}
            />
          </fieldset>
          {props.webhookUrl && (
            <p class="hint">
              Webhook endpoint to add in Stripe: <code>{props.webhookUrl}</code>
            </p>
          )}
          {props.canWrite && (
            <div>
              <button type="submit" class="primary">
                Save
              </button>
            </div>
          )}
        </form>
      </section>
      {props.canWrite && (
        <section class="card" aria-labelledby="connection-title">
          <h2 id="connection-title">Connection</h2>
          <p class="muted small">Checks the saved settings with the gateway; save a new key before testing it.</p>
          <form
            method="post"
            action={`/admin/payments/${g.key}/test`}
            hx-post={`/admin/payments/${g.key}/test`}
            hx-target={`#test-${testId}`}
            hx-swap="outerHTML"
            class="row-actions"
          >
            <Csrf token={props.csrfToken ?? null} />
            <button type="submit">Test connection</button> <TestResult id={testId} result={props.testResult} />
          </form>
        </section>
      )}
    </AdminLayout>
  );
}
