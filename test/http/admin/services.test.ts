import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, makeTestApp, staffClient, type TestApp } from '../../helpers/app.ts';
import { startWebhookTarget } from '../../helpers/webhook-target.ts';
import { saveWelcomeEmail } from '../../../src/modules/catalog/save-welcome-email.ts';
import { setPackageProvisioning } from '../../../src/modules/catalog/set-package-provisioning.ts';
import { savePluginInstance } from '../../../src/modules/plugins/save-plugin-instance.ts';
import { placeOrder } from '../../../src/modules/checkout/place-order.ts';
import { payInvoice } from '../../../src/modules/invoicing/pay-invoice.ts';
import { provisionService } from '../../../src/modules/provisioning/provision-service.ts';
import { addMonthlyPrice, makePackage, seedBasics, textOf } from '../fixtures.ts';
import { saveNoticeSettings } from '../../../src/modules/notices/save-notice-settings.ts';
import { NOTICE_EVENTS } from '../../../src/modules/notices/rules/notice-events.ts';
import { billingEmailsOff } from '../../helpers/notices.ts';

let t: TestApp;
let owner: Client;
let hook: Awaited<ReturnType<typeof startWebhookTarget>>;
let packageId: number;
const sql = <T = Record<string, unknown>>(q: string, p: unknown[] = []) => t.orm.em.getConnection().execute<T[]>(q, p);

async function service(name: string, provision = true) {
  const [c] = await sql<{ id: number }>(`insert into client (email, name, currency) values (?, ?, 'USD') returning id`, [
    `${name}@example.com`,
    name,
  ]);
  const { invoice } = await placeOrder(t.em(), { clientId: c!.id, packageId, priceName: 'Monthly' }, new Date());
  await payInvoice(t.em(), { invoiceId: invoice.id, gateway: 'manual', reference: `b-${invoice.id}` }, new Date());
  const [s] = await sql<{ id: number }>('select id from service where client_id = ?', [c!.id]);
  if (provision) await provisionService(t.em(), s!.id, t.config.APP_SECRET, () => new Date());
  return s!.id;
}

const status = async (id: number) => (await sql<{ status: string }>('select status from service where id = ?', [id]))[0]!.status;

beforeAll(async () => {
  t = await makeTestApp();
  hook = await startWebhookTarget('s3cret');
  const { catalogId } = await seedBasics(t);
  // Only the welcome email is counted here.
  await billingEmailsOff(t.em());
  const instance = await savePluginInstance(
    t.em(),
    undefined,
    { plugin: 'webhook', name: 'Panel', settings: { url: hook.url, signingSecret: 's3cret' } },
    t.config.APP_SECRET,
  );
  packageId = await makePackage(t, catalogId, 'Cloud VM');
  await addMonthlyPrice(t, packageId, '7');
  await setPackageProvisioning(t.em(), packageId, { pluginInstanceId: instance.id, options: { plan: 'vm' } });
  await saveWelcomeEmail(t.em(), packageId, { language: 'en', subject: 'Hi', html: '<p>Hi</p>', text: 'Hi' });
  owner = await staffClient(t, 'owner');
});
afterAll(async () => {
  await hook.close();
  await t.close();
});

describe('staff service pages', () => {
  it('lists and searches services, and shows one with its history', async () => {
    const id = await service('listed');
    const list = await textOf(await owner.get('/admin/services?q=listed'));
    expect(list).toContain(`#${id}`);
    expect(list).toContain('listed@example.com');
    // By its id, as the search box's hint writes it (#12) or bare.
    for (const q of [`%23${id}`, String(id)]) {
      const byId = await textOf(await owner.get(`/admin/services?q=${q}`));
      expect(byId, q).toContain(`href="/admin/services/${id}"`);
      expect(byId, q).not.toContain('No services match.');
    }
    const fragment = await owner.get('/admin/services?status=terminated', { htmx: true });
    expect(await fragment.text()).toContain('No services match.');
    const page = await textOf(await owner.get(`/admin/services/${id}`));
    expect(page).toContain('Provisioned by Webhook.');
    // Its status history and the audit trail's card are two sections, not two of one name.
    expect(page.match(/<h2[^>]*>History<\/h2>/g)).toHaveLength(1);
    expect(page.match(/<h2[^>]*>Audit trail<\/h2>/g)).toHaveLength(1);
    expect(page).toContain('Created by payment of order');
    expect((await owner.get('/admin/services?page=-3')).status).toBe(422);
    expect((await owner.get('/admin/services/999999')).status).toBe(404);
  });

  it("lists the service's invoices, newest first: the order's that bought it and a draft staff can see", async () => {
    const id = await service('billed');
    const [order] = await sql<{ id: number; client_id: number }>(
      'select i.id, i.client_id from invoice i join order_line ol on ol.order_id = i.order_id join service s on s.order_line_id = ol.id where s.id = ?',
      [id],
    );
    const [draft] = await sql<{ id: number }>(
      `insert into invoice (client_id, status, currency, subtotal, total, due_date, created_at) values (?, 'draft', 'USD', 3, 3, '2099-01-01', now() + interval '1 day') returning id`,
      [order!.client_id],
    );
    await sql(`insert into invoice_line (invoice_id, kind, description, amount, service_id) values (?, 'renewal', 'Renewal', 3, ?)`, [
      draft!.id,
      id,
    ]);
    const page = await textOf(await owner.get(`/admin/services/${id}`));
    const table = page.slice(page.indexOf('id="service-invoices"'), page.indexOf('</table>', page.indexOf('id="service-invoices"')));
    const linked = [...table.matchAll(/href="\/admin\/invoices\/(\d+)"/g)].map((m) => Number(m[1]));
    expect(linked).toEqual([draft!.id, order!.id]);
    expect(table).toContain('draft');
  });

  it('suspends, unsuspends and terminates through the plugin, with a message each time', async () => {
    const id = await service('cycle');
    // The service messages on for this one (the others count only the welcome email).
    await saveNoticeSettings(t.em(), { off: NOTICE_EVENTS.filter((e) => !e.startsWith('service_')), reminderDays: '3', overdueDays: '1' });
    // Asked first: without the dialog's answer (no JavaScript) a page asks, and nothing changes.
    const asked = await owner.post(`/admin/services/${id}/suspend`);
    expect(asked.status).toBe(200);
    const askedHtml = await textOf(asked);
    expect(askedHtml).toContain(`<h1>Suspend service #${id}?</h1>`);
    expect(askedHtml).toContain('<input type="hidden" name="confirmed" value="1"/>');
    expect(await status(id)).toBe('active');
    const res = await owner.post(`/admin/services/${id}/suspend`, { confirmed: '1' });
    expect(res.status).toBe(303);
    expect(await status(id)).toBe('suspended');
    expect(await textOf(await owner.get(res.headers.get('location')!))).toContain('Service suspended.');
    const again = await owner.post(`/admin/services/${id}/suspend`, { confirmed: '1' });
    expect(again.status).toBe(409);
    expect(await textOf(again)).toContain('A suspended service cannot be suspended.');
    await owner.post(`/admin/services/${id}/unsuspend`);
    expect(await status(id)).toBe('active');
    expect(await textOf(await owner.post(`/admin/services/${id}/terminate`))).toContain(`<h1>Terminate service #${id}?</h1>`);
    expect(await status(id)).toBe('active');
    await owner.post(`/admin/services/${id}/terminate`, { confirmed: '1' });
    expect(await status(id)).toBe('terminated');
    expect(hook.calls.filter((c) => (c.body.service as { id: number } | undefined)?.id === id).map((c) => c.event)).toEqual([
      'create',
      'suspend',
      'unsuspend',
      'terminate',
    ]);
    // The client is told each change: suspended, active again, ended.
    const told = await sql<{ kind: string }>(
      `select kind from mail_message where "to" = 'cycle@example.com' and kind like 'service_%' order by id`,
    );
    expect(told.map((m) => m.kind)).toEqual(['service_suspended', 'service_unsuspended', 'service_terminated']);
    await billingEmailsOff(t.em());
  });

  it('shows a provisioning error with a retry button that queues another attempt', async () => {
    hook.respondWith(422);
    const id = await service('broken', false);
    await provisionService(t.em(), id, t.config.APP_SECRET, () => new Date()).catch(() => undefined);
    hook.respondWith(200);
    const page = await textOf(await owner.get(`/admin/services/${id}`));
    expect(page).toContain('Last provisioning error:');
    expect(page).toContain('The endpoint refused create: 422 Unprocessable Entity.');
    expect(page).toContain('Retry provisioning');
    expect((await owner.post(`/admin/services/${id}/retry`)).status).toBe(303);
    const [row] = await sql<{ n: number }>(`select count(*)::int as n from outbox where dedupe_key like ?`, [
      `provision:service:${id}:retry:%`,
    ]);
    expect(row!.n).toBe(1);
  });

  it('resends the welcome email as a second copy', async () => {
    const id = await service('again');
    expect((await owner.post(`/admin/services/${id}/resend-welcome`)).status).toBe(303);
    const [row] = await sql<{ n: number }>(`select count(*)::int as n from mail_message where "to" = 'again@example.com'`);
    expect(row!.n).toBe(2);
  });
});

describe('staff end a service with its term', () => {
  const facts = async (id: number) =>
    (
      await sql<{ status: string; cancel_at: string | null; next_due_date: string }>(
        `select status, to_char(cancel_at, 'YYYY-MM-DD') as cancel_at, to_char(next_due_date, 'YYYY-MM-DD') as next_due_date from service where id = ?`,
        [id],
      )
    )[0]!;
  const lastEvent = async (id: number) =>
    (
      await sql<{ actor: string; note: string }>('select actor, note from service_event where service_id = ? order by id desc limit 1', [
        id,
      ])
    )[0]!;

  it('asks first, then ends it on its next due date without renewing, recorded as staff; asked again, the date stays', async () => {
    const id = await service('ending-term');
    const page = await textOf(await owner.get(`/admin/services/${id}`));
    expect(page).toContain(`action="/admin/services/${id}/cancel-at-end"`);
    expect(page).toMatch(new RegExp(`End service #${id} on \\d{4}-\\d{2}-\\d{2}\\? It will not renew`));
    // Without JavaScript the button's dialog cannot ask: a page asks instead, and nothing changes yet.
    const asked = await owner.post(`/admin/services/${id}/cancel-at-end`);
    expect(asked.status).toBe(200);
    expect(await textOf(asked)).toMatch(new RegExp(`End service #${id} on \\d{4}-\\d{2}-\\d{2}\\?`));
    expect((await facts(id)).cancel_at).toBeNull();
    const res = await owner.post(`/admin/services/${id}/cancel-at-end`, { confirmed: '1' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/admin/services/${id}?done=cancel-at-end`);
    const after = await facts(id);
    expect(after.status).toBe('active');
    expect(after.cancel_at).toBe(after.next_due_date);
    expect(await lastEvent(id)).toEqual({
      actor: expect.stringMatching(/^owner\d+@example\.com$/),
      note: `Cancellation requested for the end of the term (${after.next_due_date}).`,
    });
    const shown = await textOf(await owner.get(`/admin/services/${id}?done=cancel-at-end`));
    expect(shown).toContain('The service ends with its term and will not renew');
    expect(shown).not.toContain(`action="/admin/services/${id}/cancel-at-end"`);
    // It renews for nothing: it ends with its term.
    expect(shown).toMatch(/<dt>Renews for<\/dt>\s*<dd>—/);
    const again = await owner.post(`/admin/services/${id}/cancel-at-end`, { confirmed: '1' });
    expect(again.headers.get('location')).toBe(`/admin/services/${id}?done=cancel-already`);
    expect((await facts(id)).cancel_at).toBe(after.next_due_date);
  });

  it('ends at once a service whose term is already over, and refuses one already ended', async () => {
    const id = await service('overdue-term');
    await sql(`update service set next_due_date = current_date - 3 where id = ?`, [id]);
    // The button's dialog says it ends now, not on a date already past.
    expect(await textOf(await owner.get(`/admin/services/${id}`))).toContain(`End service #${id} now? Its paid term ended on`);
    expect(await textOf(await owner.post(`/admin/services/${id}/cancel-at-end`))).toContain(`End service #${id} now?`);
    const res = await owner.post(`/admin/services/${id}/cancel-at-end`, { confirmed: '1' });
    expect(res.headers.get('location')).toBe(`/admin/services/${id}?done=cancel-ended`);
    expect((await facts(id)).status).toBe('cancelled');
    const again = await owner.post(`/admin/services/${id}/cancel-at-end`, { confirmed: '1' });
    expect(again.status).toBe(409);
    expect(await textOf(again)).toContain('A cancelled service cannot be cancelled.');
    expect((await owner.post(`/admin/services/999999/cancel-at-end`, { confirmed: '1' })).status).toBe(404);
    const support = await staffClient(t, 'support');
    const other = await service('support-cannot-end');
    expect((await support.post(`/admin/services/${other}/cancel-at-end`, { confirmed: '1' })).status).toBe(403);
    expect((await facts(other)).cancel_at).toBeNull();
  });

  it('keeps a service set to end running: the button only then, the end and its history undone; refused once it cannot be', async () => {
    const id = await service('keep-running');
    expect(await textOf(await owner.get(`/admin/services/${id}`))).not.toContain(`action="/admin/services/${id}/keep-running"`);
    await owner.post(`/admin/services/${id}/cancel-at-end`, { confirmed: '1' });
    const { next_due_date } = await facts(id);
    expect(await textOf(await owner.get(`/admin/services/${id}`))).toContain(`action="/admin/services/${id}/keep-running"`);
    const support = await staffClient(t, 'support');
    expect((await support.post(`/admin/services/${id}/keep-running`)).status).toBe(403);
    expect((await owner.post(`/admin/services/${id}/keep-running`, { _csrf: 'forged' })).status).toBe(403);
    expect((await facts(id)).cancel_at).toBe(next_due_date);
    const res = await owner.post(`/admin/services/${id}/keep-running`);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/admin/services/${id}?done=keep-running`);
    expect(await facts(id)).toMatchObject({ status: 'active', cancel_at: null });
    expect(await lastEvent(id)).toEqual({
      actor: expect.stringMatching(/^owner\d+@example\.com$/),
      note: `Cancellation withdrawn: it renews on ${next_due_date} as before.`,
    });
    const shown = await textOf(await owner.get(`/admin/services/${id}?done=keep-running`));
    expect(shown).toContain('The service keeps running and renews on its due date');
    expect(shown).not.toContain(`action="/admin/services/${id}/keep-running"`);
    expect(shown).toContain(`action="/admin/services/${id}/cancel-at-end"`);
    expect(shown).toMatch(/<dt>Renews for<\/dt>\s*<dd>7\.00 USD/);
    const again = await owner.post(`/admin/services/${id}/keep-running`);
    expect(again.status).toBe(409);
    expect(await textOf(again)).toContain('This service is not set to end.');
    // A day already come: the sweep ends it today, so nothing is kept.
    await sql(`update service set cancel_at = current_date, next_due_date = current_date where id = ?`, [id]);
    const late = await owner.post(`/admin/services/${id}/keep-running`);
    expect(late.status).toBe(409);
    expect(await textOf(late)).toContain('Its term is over: it ends today.');
    expect((await owner.post(`/admin/services/999999/keep-running`)).status).toBe(404);
  });
});
