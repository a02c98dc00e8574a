import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../helpers/db.ts';
import { startWebhookTarget } from '../helpers/webhook-target.ts';
import { loadConfig } from '../../src/config.ts';
import { createCatalog } from '../../src/modules/catalog/create-catalog.ts';
import { createPackage } from '../../src/modules/catalog/create-package.ts';
import { savePrice } from '../../src/modules/catalog/save-price.ts';
import { saveWelcomeEmail } from '../../src/modules/catalog/save-welcome-email.ts';
import { setPackageProvisioning } from '../../src/modules/catalog/set-package-provisioning.ts';
import { savePluginInstance } from '../../src/modules/plugins/save-plugin-instance.ts';
import { saveCurrency } from '../../src/modules/settings/save-currency.ts';
import { saveLanguage } from '../../src/modules/settings/save-language.ts';
import { placeOrder } from '../../src/modules/checkout/place-order.ts';
import { payInvoice } from '../../src/modules/invoicing/pay-invoice.ts';
import { provisionService } from '../../src/modules/provisioning/provision-service.ts';
import { changeServiceStatus } from '../../src/modules/services/change-service-status.ts';
import { requestCancellation } from '../../src/modules/services/request-cancellation.ts';
import { resendWelcomeEmail } from '../../src/modules/services/resend-welcome-email.ts';
import { loadService } from '../../src/modules/services/load-service.ts';
import { countHeld } from '../../src/modules/inventory/count-held.ts';
import { Conflict } from '../../src/modules/shared/errors.ts';
import { transitionServices } from '../../src/modules/services/transition-services.ts';

const SECRET = 'lifecycle-secret';
let db: Awaited<ReturnType<typeof createTestDatabase>>;
let hook: Awaited<ReturnType<typeof startWebhookTarget>>;
let appSecret: string;
let packageId: number;
const NOW = new Date('2026-05-10T09:00:00Z');
const em = () => db.orm.em.fork();
const sql = <T = Record<string, unknown>>(q: string, p: unknown[] = []) => db.orm.em.getConnection().execute<T[]>(q, p);

async function activeService(name: string) {
  const [c] = await sql<{ id: number }>(`insert into client (email, name, currency) values (?, ?, 'USD') returning id`, [
    `${name}@example.com`,
    name,
  ]);
  const { invoice } = await placeOrder(em(), { clientId: c!.id, packageId, priceName: 'Monthly' }, NOW);
  await payInvoice(em(), { invoiceId: invoice.id, gateway: 'manual', reference: `bank-${invoice.id}` }, NOW);
  const [s] = await sql<{ id: number }>('select id from service where client_id = ?', [c!.id]);
  await provisionService(em(), s!.id, appSecret, () => NOW);
  return { clientId: c!.id, serviceId: s!.id };
}

beforeAll(async () => {
  db = await createTestDatabase();
  hook = await startWebhookTarget(SECRET);
  appSecret = loadConfig({ ...process.env, DATABASE_URL: db.url }).APP_SECRET;
  await saveCurrency(em(), { code: 'USD', name: 'US Dollar', rate: '1', isDefault: '1' });
  await saveLanguage(em(), { code: 'en', name: 'English', isDefault: '1' });
  const catalog = await createCatalog(em(), { name: 'Servers' });
  const instance = await savePluginInstance(
    em(),
    undefined,
    { plugin: 'webhook', name: 'Panel', settings: { url: hook.url, signingSecret: SECRET } },
    appSecret,
  );
  const pkg = await createPackage(em(), { catalogId: catalog.id, name: 'Box', stock: 1 });
  packageId = pkg.id;
  await savePrice(em(), pkg.id, undefined, {
    name: 'Monthly',
    type: 'recurring',
    intervalCount: 1,
    period: 'month',
    currency: 'USD',
    price: '20',
    cancellationFee: '15',
  });
  await setPackageProvisioning(em(), pkg.id, { pluginInstanceId: instance.id, options: { plan: 'box' } });
  await saveWelcomeEmail(em(), pkg.id, { language: 'en', subject: 'Welcome', html: '<p>Hi</p>', text: 'Hi' });
});
afterAll(async () => {
  await hook.close();
  await db.drop();
});

describe('service lifecycle', () => {
  it('suspends, unsuspends and terminates through the plugin; terminating returns the unit', async () => {
    const { serviceId } = await activeService('ana');
    expect(await countHeld(em(), packageId, NOW)).toBe(1);
    await changeServiceStatus(em(), serviceId, 'suspend', 'staff@x', appSecret, NOW);
    await expect(changeServiceStatus(em(), serviceId, 'suspend', 'staff@x', appSecret, NOW)).rejects.toThrow(
      'A suspended service cannot be suspended.',
    );
    await changeServiceStatus(em(), serviceId, 'unsuspend', 'staff@x', appSecret, NOW);
    await changeServiceStatus(em(), serviceId, 'terminate', 'staff@x', appSecret, NOW);
    expect(hook.calls.filter((c) => (c.body.service as { id: number } | undefined)?.id === serviceId).map((c) => c.event)).toEqual([
      'create',
      'suspend',
      'unsuspend',
      'terminate',
    ]);
    const s = await loadService(em(), serviceId);
    expect(s.status).toBe('terminated');
    expect(s.events.map((e) => e.to)).toEqual(['pending', 'active', 'suspended', 'active', 'terminated']);
    expect(await countHeld(em(), packageId, NOW)).toBe(0);
  });

  it('suspends and terminates at once without a deadlock: each succeeds or is refused as changed meanwhile', async () => {
    for (let round = 0; round < 6; round++) {
      const { serviceId } = await activeService(`race${round}`);
      const outcomes = await Promise.allSettled(
        (['suspend', 'terminate'] as const).map((action) => changeServiceStatus(em(), serviceId, action, 'staff@x', appSecret, NOW)),
      );
      for (const o of outcomes) if (o.status === 'rejected') expect(o.reason).toBeInstanceOf(Conflict);
      if ((await loadService(em(), serviceId)).status !== 'terminated')
        await changeServiceStatus(em(), serviceId, 'terminate', 'staff@x', appSecret, NOW);
      expect(await countHeld(em(), packageId, NOW)).toBe(0);
    }
  });

  /** What the panel holds of a service after the calls it received, in the order they arrived. */
  const remoteStatus = (serviceId: number) => {
    let state = 'none';
    for (const c of hook.calls.filter((x) => (x.body.service as { id: number } | undefined)?.id === serviceId)) {
      if (state === 'terminated') break; // a deleted account stays deleted
      state = { create: 'active', suspend: 'suspended', unsuspend: 'active', terminate: 'terminated' }[c.event] ?? state;
    }
    return state;
  };
  const ended = (status: string) => (status === 'cancelled' ? 'terminated' : status);
  const waitForCall = async (serviceId: number, event: string) => {
    for (let i = 0; i < 500; i++) {
      if (hook.calls.some((c) => c.event === event && (c.body.service as { id: number } | undefined)?.id === serviceId)) return;
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error(`no ${event} call for service ${serviceId}`);
  };
  /** A staff action whose panel call is held out while `meanwhile` runs; resolves to what the action answered. */
  const whileCallIsOut = async (serviceId: number, action: 'suspend' | 'terminate', meanwhile: () => Promise<void>) => {
    hook.hang(300);
    try {
      const acting = changeServiceStatus(em(), serviceId, action, 'staff@x', appSecret, NOW);
      await waitForCall(serviceId, action);
      await meanwhile();
      return await acting;
    } finally {
      hook.hang(0);
    }
  };

  /**
   * `rounds` times: a new active service (`prepare`d), `actions` run on it at once with the panel's
   * answers slow enough to overlap; each either succeeds or is refused as a conflict, and the panel
   * ends as the database says. The service is then ended, so its unit is free for the next round.
   */
  const raceOnService = async (
    name: string,
    rounds: number,
    prepare: (serviceId: number, round: number) => Promise<unknown>,
    actions: (s: { clientId: number; serviceId: number }, round: number) => Promise<unknown>[],
  ) => {
    hook.hang(40); // calls overlap unless they take turns
    try {
      for (let round = 0; round < rounds; round++) {
        const s = await activeService(`${name}${round}`);
        await prepare(s.serviceId, round);
        const outcomes = await Promise.allSettled(actions(s, round));
        for (const o of outcomes) if (o.status === 'rejected') expect(o.reason).toBeInstanceOf(Conflict);
        const { status } = await loadService(em(), s.serviceId);
        expect(remoteStatus(s.serviceId), `round ${round}: ${outcomes.map((o) => o.status).join(', ')}`).toBe(ended(status));
        if (ended(status) !== 'terminated') await staff(s.serviceId, 'terminate');
      }
    } finally {
      hook.hang(0);
    }
  };
  const staff = (serviceId: number, action: 'suspend' | 'unsuspend' | 'terminate') =>
    changeServiceStatus(em(), serviceId, action, 'staff@x', appSecret, NOW);

  it('staff actions at once on one service take turns, the panel call included: the panel ends as the database says', async () => {
    // Even rounds race a suspend and a terminate on an active service; odd ones an unsuspend and a terminate on a suspended one.
    await raceOnService(
      'turns',
      6,
      async (serviceId, round) => {
        if (round % 2) await staff(serviceId, 'suspend');
      },
      ({ serviceId }, round) => [staff(serviceId, round % 2 ? 'unsuspend' : 'suspend'), staff(serviceId, 'terminate')],
    );
  });

  it("while one staff action's panel call is out another is refused, to be tried again; a turn left by a dead process lapses", async () => {
    const { serviceId } = await activeService('turn-taken');
    const answer = await whileCallIsOut(serviceId, 'suspend', async () => {
      await expect(changeServiceStatus(em(), serviceId, 'terminate', 'staff@x', appSecret, NOW)).rejects.toThrow(
        'Another change to this service is in progress; try again in a moment.',
      );
    });
    expect(answer).toBe('suspended');
    expect(await sql('select * from service_turn where service_id = ?', [serviceId])).toEqual([]);
    expect(await changeServiceStatus(em(), serviceId, 'terminate', 'staff@x', appSecret, NOW)).toBe('terminated');
    expect(remoteStatus(serviceId)).toBe('terminated');

    const { serviceId: left } = await activeService('turn-lapsed');
    await sql(`insert into service_turn (service_id, until) values (?, now() + interval '1 minute')`, [left]);
    await expect(changeServiceStatus(em(), left, 'terminate', 'staff@x', appSecret, NOW)).rejects.toThrow(
      'Another change to this service is in progress',
    );
    await sql(`update service_turn set until = now() - interval '1 second' where service_id = ?`, [left]);
    expect(await changeServiceStatus(em(), left, 'terminate', 'staff@x', appSecret, NOW)).toBe('terminated');
  });

  it("a client's cancellation now and a staff unsuspend at once take turns too: the panel ends as the database says", async () => {
    await raceOnService(
      'cancelturns',
      4,
      (serviceId) => staff(serviceId, 'suspend'),
      ({ clientId, serviceId }) => [requestCancellation(em(), clientId, serviceId, 'now', appSecret, NOW), staff(serviceId, 'unsuspend')],
    );
  });

  it('a termination whose panel call is out while billing suspends the service still ends it, in both places', async () => {
    const { serviceId } = await activeService('overtaken');
    const answer = await whileCallIsOut(serviceId, 'terminate', async () => {
      // Billing changes the status first and queues its call (it does not take turns with staff).
      await em().transactional((tx) =>
        transitionServices(tx, [{ serviceId, note: 'Overdue.' }], { from: ['active'], to: 'suspended', suspendReason: 'overdue' }, NOW),
      );
      expect((await loadService(em(), serviceId)).status).toBe('suspended');
    });
    expect(answer).toBe('terminated');
    const s = await loadService(em(), serviceId);
    expect(s.status).toBe('terminated');
    expect(s.events.map((e) => e.to)).toEqual(['pending', 'active', 'suspended', 'terminated']);
    expect(await countHeld(em(), packageId, NOW)).toBe(0);
  });

  it('a staff suspension whose panel call is out while the overdue sweep suspends the service stays a staff suspension', async () => {
    const { serviceId } = await activeService('both-suspend');
    const answer = await whileCallIsOut(serviceId, 'suspend', async () => {
      await em().transactional((tx) =>
        transitionServices(tx, [{ serviceId, note: 'Overdue.' }], { from: ['active'], to: 'suspended', suspendReason: 'overdue' }, NOW),
      );
    });
    expect(answer).toBe('suspended');
    const [row] = await sql<{ status: string; suspend_reason: string }>('select status, suspend_reason from service where id = ?', [
      serviceId,
    ]);
    expect(row).toEqual({ status: 'suspended', suspend_reason: 'staff' });
    await changeServiceStatus(em(), serviceId, 'terminate', 'staff@x', appSecret, NOW); // its unit back for the next test
  });

  it('a suspension whose panel call is out while the service is suspended and freed again is said to the panel once more', async () => {
    const { serviceId } = await activeService('flipped');
    const answer = await whileCallIsOut(serviceId, 'suspend', async () => {
      // An overdue suspension and the payment lifting it, each queueing its own call, while staff's call is out.
      for (const [from, to, reason] of [
        ['active', 'suspended', 'overdue'],
        ['suspended', 'active', null],
      ] as const)
        await em().transactional((tx) =>
          transitionServices(
            tx,
            [{ serviceId, note: `${to}.`, key: `flip-${serviceId}-${to}` }],
            { from: [from], to, suspendReason: reason, verb: to === 'active' ? 'unsuspend' : 'suspend' },
            NOW,
          ),
        );
    });
    expect(answer).toBe('suspended');
    // Besides the two flips' calls, one more suspend is queued, after staff's: the last word the panel gets.
    const calls = await sql<{ verb: string }>(
      `select payload->>'verb' as verb from outbox where job = 'service-action' and (payload->>'serviceId')::int = ? order by id`,
      [serviceId],
    );
    expect(calls.map((c) => c.verb)).toEqual(['suspend', 'unsuspend', 'suspend']);
    expect((await loadService(em(), serviceId)).status).toBe('suspended');
    await changeServiceStatus(em(), serviceId, 'terminate', 'staff@x', appSecret, NOW); // its unit back for the next test
  });

  it('keeps the status when the plugin refuses', async () => {
    const { serviceId } = await activeService('bea');
    hook.respondWith(500);
    await expect(changeServiceStatus(em(), serviceId, 'suspend', 'staff@x', appSecret, NOW)).rejects.toThrow(
      'Webhook could not suspend the service',
    );
    hook.respondWith(200);
    expect((await loadService(em(), serviceId)).status).toBe('active');
    await changeServiceStatus(em(), serviceId, 'terminate', 'staff@x', appSecret, NOW);
  });

  it('a client cancels at the end of the term, or now with the cancellation fee invoiced', async () => {
    const first = await activeService('cal');
    const end = await requestCancellation(em(), first.clientId, first.serviceId, 'end_of_term', appSecret, NOW);
    expect(end.cancelAt).toBe('2026-06-10');
    expect((await loadService(em(), first.serviceId)).cancelAt).toBe('2026-06-10');
    await changeServiceStatus(em(), first.serviceId, 'terminate', 'staff@x', appSecret, NOW);

    const second = await activeService('dee');
    await expect(requestCancellation(em(), first.clientId, second.serviceId, 'now', appSecret, NOW)).rejects.toThrow(
      'That service was not found.',
    );
    await requestCancellation(em(), second.clientId, second.serviceId, 'now', appSecret, NOW);
    expect((await loadService(em(), second.serviceId)).status).toBe('cancelled');
    const [fee] = await sql<{ total: string; status: string }>(
      `select i.total, i.status from invoice i join invoice_line l on l.invoice_id = i.id where l.kind = 'cancellation' and l.service_id = ?`,
      [second.serviceId],
    );
    expect(fee).toEqual({ total: '15.0000', status: 'unpaid' });
    expect(await countHeld(em(), packageId, NOW)).toBe(0);
  });

  it('a service terminated while its create call is in flight has the created account terminated too', async () => {
    const [c] = await sql<{ id: number }>(
      `insert into client (email, name, currency) values ('race@example.com', 'Race', 'USD') returning id`,
    );
    const { invoice } = await placeOrder(em(), { clientId: c!.id, packageId, priceName: 'Monthly' }, NOW);
    await payInvoice(em(), { invoiceId: invoice.id, gateway: 'manual', reference: `race-${invoice.id}` }, NOW);
    const [s] = await sql<{ id: number }>('select id from service where client_id = ?', [c!.id]);
    hook.hang(800);
    const provisioning = provisionService(em(), s!.id, appSecret, () => NOW);
    await new Promise((r) => setTimeout(r, 200));
    await changeServiceStatus(em(), s!.id, 'terminate', 'staff@x', appSecret, NOW);
    hook.hang(0);
    expect(await provisioning).toBe('already-done');
    expect(hook.callsFor(`service-${s!.id}-terminate-after-create`)).toBe(1);
    const svc = await loadService(em(), s!.id);
    expect(svc.status).toBe('terminated');
    expect(svc.events.at(-1)!.note).toBe('Ended while being provisioned: the account Webhook created was terminated as well.');
  });

  it('resends the welcome email only when asked, as a second copy', async () => {
    const { serviceId } = await activeService('eve');
    await resendWelcomeEmail(em(), serviceId, 'staff@x', NOW);
    const mails = await sql<{ dedupe_key: string }>(
      `select dedupe_key from mail_message where "to" = 'eve@example.com' and kind = 'welcome' order by id`,
    );
    expect(mails.map((m) => m.dedupe_key)).toEqual([
      `welcome:service:${serviceId}`,
      `welcome:service:${serviceId}:resend:${NOW.getTime()}`,
    ]);
    await changeServiceStatus(em(), serviceId, 'terminate', 'staff@x', appSecret, NOW);
    await expect(resendWelcomeEmail(em(), serviceId, 'staff@x', NOW)).rejects.toThrow('Only an active service');
  });
});
