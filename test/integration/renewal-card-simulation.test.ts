// Two years of renewals paid by saved cards, day by day: every day three billing runs race, then
// three automatic charge runs race (each on its own EntityManager) while Stripe's webhooks arrive
// late, out of order and two or three times over. Cards that always pay, always decline, want
// the cardholder, or decline now and then (a seeded draw per invoice and attempt). Checked every
// simulated month and at the end: one payment per invoice, one successful charge per invoice at
// Stripe and each one recorded, attempts only on the schedule's days, periods extended once per
// paid invoice. SIM_SEED=<n> replays a run.
import { serve, type ServerType } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import { gatewayEnv, loadConfig, type Config } from '../../src/config.ts';
import { processRenewalBatch } from '../../src/modules/billing/process-renewal-batch.ts';
import { runBillingNow } from '../../src/modules/billing/run-billing-now.ts';
import { createCatalog } from '../../src/modules/catalog/create-catalog.ts';
import { createPackage } from '../../src/modules/catalog/create-package.ts';
import { savePrice } from '../../src/modules/catalog/save-price.ts';
import { addCredit } from '../../src/modules/invoicing/add-credit.ts';
import { payInvoice } from '../../src/modules/invoicing/pay-invoice.ts';
import { chargeDueInvoices } from '../../src/modules/payments/charge-due-invoices.ts';
import { saveCard } from '../../src/modules/payments/save-card.ts';
import { saveGatewaySettings } from '../../src/modules/payments/save-gateway-settings.ts';
import { stripeFor } from '../../src/modules/payments/stripe/client.ts';
import { stripeCustomerFor } from '../../src/modules/payments/stripe/stripe-customer.ts';
import { addServiceForClient } from '../../src/modules/services/add-service-for-client.ts';
import { saveCurrency } from '../../src/modules/settings/save-currency.ts';
import { saveTaxRate } from '../../src/modules/settings/save-tax-rate.ts';
import { createTestDatabase } from '../helpers/db.ts';
import { freePort } from '../helpers/processes.ts';
import { SECRET_KEY, WEBHOOK_SECRET } from '../helpers/stripe-app.ts';
import { startStripeStandIn, type StripeStandIn } from '../helpers/stripe-stand-in.ts';
import { addChaos, type Chaos } from '../helpers/stripe-stand-in/chaos.ts';

const SEED = Number(process.env.SIM_SEED ?? 20261204);
const DAY0 = '2027-03-01';
const DAYS = Number(process.env.SIM_DAYS ?? 731); // 24 months, 2028's leap day included
const RETRY = [1, 3, 5];
const OFFSETS = [0, ...RETRY]; // days after the due date of attempts 1, 2, 3, 4
const FLAKY_RATE = 0.4;
const DAYS_BEFORE = 7; // invoice_days_before (the default)

// ---- seeded draws: a stream for the plan, and a hash for what must not depend on racing order ----
const fnv = (s: string) => [...s].reduce((h, c) => Math.imul(h ^ c.charCodeAt(0), 16777619) >>> 0, 2166136261);
function splitmix(state: number) {
  return () => {
    state = (state + 0x9e3779b9) | 0;
    let z = Math.imul(state ^ (state >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return ((z ^ (z >>> 16)) >>> 0) / 4294967296;
  };
}
const draw = (key: string) => splitmix(fnv(`${SEED}|${key}`))();
const rng = splitmix(SEED);
const oneOf = <T>(xs: readonly T[], r = rng) => xs[Math.floor(r() * xs.length)]!;
const plusDays = (d: string, n: number) => new Date(Date.parse(`${d}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

// ---- the clients: what their card does, what they buy --------------------------------------------
type Kind = 'pays' | 'flaky' | 'declines' | 'authenticates';
const CARD: Record<Kind, string[]> = {
  pays: ['4242424242424242', '5555555555554444'],
  flaky: ['4242424242424242'],
  declines: ['4000000000000341'],
  authenticates: ['4000002760003184'],
};
const KINDS: Kind[] = ['pays', 'flaky', 'pays', 'declines', 'flaky', 'pays', 'flaky', 'authenticates', 'pays', 'flaky', 'pays', 'declines'];
const PRICES = [
  { name: 'Monthly', count: 1, period: 'month', currency: 'USD', price: '19.9900' },
  { name: 'Monthly', count: 1, period: 'month', currency: 'EUR', price: '9.9500' },
  { name: 'Monthly', count: 1, period: 'month', currency: 'JPY', price: '1500.0000' },
  { name: 'Quarterly', count: 3, period: 'month', currency: 'USD', price: '54.9900' },
  { name: 'Weekly', count: 1, period: 'week', currency: 'USD', price: '4.9900' },
  { name: 'Yearly', count: 1, period: 'year', currency: 'USD', price: '119.0000' },
] as const;

let stripe: StripeStandIn;
let chaos: Chaos;
let config: Config;
let db: Awaited<ReturnType<typeof createTestDatabase>>;
let server: ServerType;
let clock = new Date(`${DAY0}T00:00:00Z`);
const em = () => db.orm.em.fork();
const sql = <T = Record<string, unknown>>(q: string, p: unknown[] = []) => db.orm.em.getConnection().execute<T[]>(q, p);
const clients: { id: number; kind: Kind; pm: string; currency: string }[] = [];
const kindOf = (clientId: number) => clients.find((c) => c.id === clientId)!.kind;
/** Each renewal invoice's client, due date and currency: the draws key on them, not on racing ids. */
const invoiceKeys = new Map<number, string>();
/** Bank transfers the clients make, by day: on the due date racing the charge runs, or between retries. */
const transfers = new Map<string, number[]>();
/** Transfers that land while Stripe is charging the card for the same invoice, and what became of them. */
const midCharge = new Set<number>();
const midChargePaid: Promise<unknown>[] = [];
const midChargeDone: number[] = [];
const stats = {
  charged: 0,
  declined: 0,
  authentication_required: 0,
  processing: 0,
  skipped: 0,
  failed: 0,
  runErrors: 0,
  deliveries: 0,
  racedDeliveries: 0,
  checks: 0,
  transfersFirst: 0,
  transfersLate: 0,
};

beforeAll(async () => {
  stripe = await startStripeStandIn();
  stripe.webhookMode = 'manual';
  chaos = addChaos(stripe.store);
  chaos.onCharge(({ metadata }) => {
    const invoiceId = Number(metadata.invoice_id);
    if (!midCharge.delete(invoiceId)) return;
    midChargeDone.push(invoiceId);
    midChargePaid.push(
      payInvoice(em(), { invoiceId, gateway: 'manual', reference: `bank-${invoiceId}` }, clock).then(
        (r) => void (stats[r === 'paid' ? 'transfersFirst' : 'transfersLate'] += 1),
      ),
    );
  });
  db = await createTestDatabase();
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  config = loadConfig({ ...process.env, NODE_ENV: 'test', DATABASE_URL: db.url, STRIPE_API_URL: stripe.url, PUBLIC_URL: base });
  // The app's clock is the simulated day's: webhooks record payments on it too.
  const app = createApp({ orm: db.orm, config, now: () => clock });
  server = await new Promise<ServerType>((resolve) => {
    const s = serve({ fetch: app.fetch, port, hostname: '127.0.0.1' }, () => resolve(s));
  });
  if ((server.address() as AddressInfo).port !== port) throw new Error('port moved');
  stripe.setWebhook(`${base}/webhooks/stripe`, WEBHOOK_SECRET);
  await saveGatewaySettings(
    em(),
    'stripe',
    {
      enabled: 'on',
      currencies: [],
      settings: {
        secret_key: SECRET_KEY,
        webhook_secret: WEBHOOK_SECRET,
        retry_days: RETRY.join(','),
        auto_charge: 'on',
        dispute_suspends: 'on',
      },
    },
    config.APP_SECRET,
  );

  await saveCurrency(em(), { code: 'USD', name: 'US Dollar', rate: '1', isDefault: '1' });
  await saveCurrency(em(), { code: 'EUR', name: 'Euro', rate: '0.92' });
  await saveCurrency(em(), { code: 'JPY', name: 'Yen', rate: '151.5', minorUnits: '0' });
  await saveTaxRate(em(), { country: 'DE', name: 'MwSt', rate: '19' });
  const catalog = await createCatalog(em(), { name: 'Hosting' });
  const pkg = (await createPackage(em(), { catalogId: catalog.id, name: 'Cloud', taxable: '1' })).id;
  for (const p of PRICES)
    await savePrice(em(), pkg, undefined, {
      name: p.name,
      type: 'recurring',
      intervalCount: p.count,
      period: p.period,
      currency: p.currency,
      price: p.price,
    });

  const sdk = await stripeFor({ secret_key: SECRET_KEY }, { stripeApiUrl: stripe.url });
  const start = new Date(`${plusDays(DAY0, -1)}T12:00:00Z`);
  for (const [i, kind] of KINDS.entries()) {
    const currency = oneOf(['USD', 'USD', 'EUR', 'JPY']);
    const [c] = await sql<{ id: number }>(`insert into client (email, name, country, currency) values (?, ?, ?, ?) returning id`, [
      `card${i}@example.com`,
      `Card client ${i}`,
      oneOf(['DE', 'US']),
      currency,
    ]);
    const customer = await stripeCustomerFor(em(), sdk, c!.id);
    const pm = stripe.attachCard(customer, oneOf(CARD[kind]));
    await em().transactional((tx) =>
      saveCard(tx, c!.id, {
        gateway: 'stripe',
        reference: pm.id,
        brand: pm.card!.brand,
        last4: pm.card!.last4,
        expMonth: pm.card!.exp_month,
        expYear: pm.card!.exp_year,
      }),
    );
    clients.push({ id: c!.id, kind, pm: pm.id, currency });
    if (kind === 'flaky')
      chaos.declineWhen(
        pm.id,
        (charge) => draw(`${invoiceKeys.get(Number(charge.metadata.invoice_id))}|${charge.metadata.attempt}`) < FLAKY_RATE,
      );
    // One to three services in the client's currency (now and then a second currency), due within the first weeks.
    const own = PRICES.filter((p) => p.currency === currency || (p.currency === 'USD' && rng() < 0.15));
    for (let k = 1 + Math.floor(rng() * 3); k > 0; k--) {
      const price = oneOf(own);
      await addServiceForClient(
        em(),
        c!.id,
        {
          packageId: pkg,
          priceName: price.name,
          currency: price.currency,
          start: 'existing',
          nextDueDate: plusDays(DAY0, Math.floor(rng() * 40)),
        },
        { actor: 'staff:sim@example.com', now: start },
      );
    }
    // Some pay part of their renewals from credit (and now and then all of one).
    if (rng() < 0.2) await addCredit(em(), c!.id, { amount: oneOf(['3.0000', '25.0000', '400.0000']), reason: 'Opening balance' }, start);
  }
}, 60_000);

afterAll(async () => {
  await stripe?.idle();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  await stripe?.close();
  await db?.drop();
});

// ---- the invariants ---------------------------------------------------------------------------

interface Attempt {
  invoice_id: number;
  attempt: number;
  status: string;
  reference: string | null;
  day: string;
  due: string;
  invoice_status: string;
}

async function checkInvariants(when: string) {
  const label = (what: string) => `${what} (${when})`;
  // One payment per invoice; a paid invoice has exactly one, for what the credit left.
  expect(
    await sql(
      `select i.id, i.status, count(p.id)::int as payments from invoice i left join payment p on p.invoice_id = i.id group by i.id
      having count(p.id) > 1 or (i.status = 'paid') <> (count(p.id) = 1) or (count(p.id) = 1 and min(p.amount) <> i.total - i.credit_applied)`,
    ),
    label('invoices with other than one payment'),
  ).toEqual([]);

  // At Stripe: at most one successful charge per invoice, each recorded as the invoice's one payment.
  const intents = [...stripe.store.paymentIntents.values()].filter((pi) => stripe.store.offSessionIntents.has(pi.id));
  const succeeded = intents.filter((pi) => pi.status === 'succeeded');
  const perInvoice = new Map<string, number>();
  for (const pi of succeeded) perInvoice.set(pi.metadata.invoice_id!, (perInvoice.get(pi.metadata.invoice_id!) ?? 0) + 1);
  expect(
    [...perInvoice].filter(([, n]) => n > 1),
    label('invoices charged twice'),
  ).toEqual([]);
  const cardPayments = await sql<{ reference: string; invoice_id: number }>(
    `select reference, invoice_id from payment where gateway = 'stripe'`,
  );
  const listed = (xs: { reference: string; invoice_id: number }[]) => xs.map((x) => `${x.invoice_id} ${x.reference}`).sort();
  // A charge that lost the race with a bank transfer is not owed: refunded in full, once, and recorded nowhere.
  const refunds = [...stripe.store.refunds.values()];
  const refunded = new Set(refunds.map((rf) => rf.payment_intent as string));
  expect(listed(cardPayments), label('card payments vs successful charges')).toEqual(
    listed(succeeded.filter((pi) => !refunded.has(pi.id)).map((pi) => ({ reference: pi.id, invoice_id: Number(pi.metadata.invoice_id) }))),
  );
  const paidBy = new Map(
    (await sql<{ invoice_id: number; gateway: string }>(`select invoice_id, gateway from payment`)).map((p) => [p.invoice_id, p.gateway]),
  );
  const badRefunds = refunds.filter((rf) => {
    const pi = stripe.store.paymentIntents.get(rf.payment_intent as string)!;
    return (
      refunds.filter((x) => x.payment_intent === pi.id).length > 1 ||
      rf.amount !== pi.amount ||
      paidBy.get(Number(pi.metadata.invoice_id)) !== 'manual'
    );
  });
  expect(
    badRefunds.map((rf) => rf.payment_intent),
    label('refunds of charges not owed'),
  ).toEqual([]);

  // Every charge made at Stripe is one settled attempt, with the outcome Stripe gave it.
  const attempts = await sql<Attempt>(
    `select a.invoice_id, a.attempt, a.status, a.reference, a.claimed_at::date::text as day, i.due_date::text as due, i.status as invoice_status
       from charge_attempt a join invoice i on i.id = a.invoice_id order by a.invoice_id, a.attempt`,
  );
  const outcome = (pi: (typeof intents)[number]) =>
    pi.status === 'succeeded'
      ? 'succeeded'
      : pi.last_payment_error?.code === 'authentication_required'
        ? 'authentication_required'
        : 'declined';
  expect(
    attempts.map((a) => `${a.invoice_id}/${a.attempt} ${a.reference} ${a.status}`).sort(),
    label('attempts vs charges at Stripe'),
  ).toEqual(intents.map((pi) => `${pi.metadata.invoice_id}/${pi.metadata.attempt} ${pi.id} ${outcome(pi)}`).sort());

  // Attempts: numbered 1..n, n <= 1 + retry days, each on its day of the schedule; only the last may end the run of declines.
  const byInvoice = new Map<number, Attempt[]>();
  for (const a of attempts) byInvoice.set(a.invoice_id, [...(byInvoice.get(a.invoice_id) ?? []), a]);
  const offSchedule: string[] = [];
  for (const [id, list] of byInvoice) {
    if (list.length > OFFSETS.length) offSchedule.push(`#${id}: ${list.length} attempts`);
    for (const [k, a] of list.entries()) {
      if (a.attempt !== k + 1) offSchedule.push(`#${id}: attempt ${a.attempt} in place ${k + 1}`);
      if (a.day !== plusDays(a.due, OFFSETS[k] ?? NaN)) offSchedule.push(`#${id}: attempt ${a.attempt} on ${a.day}, due ${a.due}`);
      if (k < list.length - 1 && a.status !== 'declined')
        offSchedule.push(`#${id}: attempt ${a.attempt} ${a.status} yet followed by another`);
    }
    const by = paidBy.get(id);
    if ((list.at(-1)!.status === 'succeeded' && !by) || (by === 'stripe' && list.at(-1)!.status !== 'succeeded'))
      offSchedule.push(`#${id}: last attempt ${list.at(-1)!.status}, invoice paid by ${by ?? 'nobody'}`);
  }
  expect(offSchedule.slice(0, 10), label('attempts off the schedule')).toEqual([]);

  // Periods: contiguous, paid exactly when their invoice is, the paid chain ending on the next due date,
  // and one period paid per paid renewal invoice of the service.
  const services = await sql<{
    id: number;
    next_due: string;
    ledger: { s: string; e: string; inv: number | null; paid: boolean; inv_paid: boolean | null }[];
    paid_lines: number;
  }>(
    `select s.id, s.next_due_date::text as next_due,
            jsonb_agg(jsonb_build_object('s', sp.period_start, 'e', sp.period_end, 'inv', sp.invoice_id, 'paid', sp.paid_at is not null, 'inv_paid', i.status = 'paid') order by sp.period_start) as ledger,
            (select count(*) from invoice_line l join invoice x on x.id = l.invoice_id where l.service_id = s.id and l.kind = 'renewal' and x.status = 'paid')::int as paid_lines
       from service s join service_period sp on sp.service_id = s.id left join invoice i on i.id = sp.invoice_id group by s.id order by s.id`,
  );
  const badPeriods: string[] = [];
  for (const svc of services) {
    let chainEnd = svc.ledger[0]!.e;
    let chained = true;
    for (const [k, p] of svc.ledger.entries()) {
      if (k > 0 && p.s !== svc.ledger[k - 1]!.e)
        badPeriods.push(`service ${svc.id}: ${p.s} follows a period ending ${svc.ledger[k - 1]!.e}`);
      if (k > 0 && p.paid !== (p.inv_paid === true))
        badPeriods.push(`service ${svc.id}: period ${p.s} paid ${p.paid}, invoice #${p.inv} paid ${p.inv_paid}`);
      if (k > 0 && chained && p.paid) chainEnd = p.e;
      else if (k > 0) chained = false;
    }
    if (svc.next_due !== chainEnd) badPeriods.push(`service ${svc.id}: next due ${svc.next_due}, paid chain ends ${chainEnd}`);
    const paidPeriods = svc.ledger.slice(1).filter((p) => p.paid).length;
    if (paidPeriods !== svc.paid_lines)
      badPeriods.push(`service ${svc.id}: ${paidPeriods} paid periods for ${svc.paid_lines} paid renewal lines`);
  }
  expect(badPeriods.slice(0, 10), label('periods')).toEqual([]);

  // Every webhook delivery was taken (a duplicate too, with a 200).
  expect(stripe.deliveries.filter((d) => d.status !== 200).slice(0, 5), label('refused webhooks')).toEqual([]);
  return { attempts, byInvoice, intents, refunds, paidBy };
}

// ---- the days ---------------------------------------------------------------------------------

const spent = { billing: 0, charging: 0, webhooks: 0, checks: 0 };
async function timed<T>(what: keyof typeof spent, fn: () => Promise<T>): Promise<T> {
  const t = performance.now();
  try {
    return await fn();
  } finally {
    spent[what] += performance.now() - t;
  }
}

async function deliverSome(r: () => number) {
  const sent = await stripe.deliverAll({ order: r() < 0.5 ? 'reverse' : 'as-created', times: 2 + Math.floor(r() * 2) });
  stats.deliveries += sent.length;
  return sent.length;
}

it(
  'two years of renewals charged to saved cards by racing runs, with webhooks late, out of order and repeated',
  { timeout: 240_000 },
  async () => {
    const env = gatewayEnv(config);
    const startedAt = performance.now();
    let today = DAY0;
    for (let d = 0; d < DAYS; d++, today = plusDays(today, 1)) {
      const now = new Date(`${today}T06:00:00Z`);
      clock = now;
      const r = splitmix(fnv(`${SEED}|day|${today}`));
      await timed('billing', () =>
        Promise.all(
          [{}, { batchClients: 4 }, { batchClients: 9, batchServices: 6 }].map((opts) =>
            runBillingNow(em(), today, now, opts).catch(() => void stats.runErrors++),
          ),
        ),
      );
      // A batch that lost a deadlock stays pending; the job queue would run it again.
      for (const b of await sql<{ id: number }>(`select id from billing_run_batch where status = 'pending' order by id`))
        await processRenewalBatch(em(), b.id, now);
      for (const inv of await sql<{ id: number; client_id: number; due_date: string; currency: string }>(
        `select id, client_id, due_date::text as due_date, currency from invoice where created_at = ?`,
        [now],
      )) {
        const key = `${inv.client_id}|${inv.due_date}|${inv.currency}`;
        invoiceKeys.set(inv.id, key);
        // Those whose card fails pay some invoices by transfer between retries; the others now and then on the due date.
        const late = ['declines', 'authenticates'].includes(kindOf(inv.client_id));
        const day = plusDays(inv.due_date, late ? 2 : 0);
        const transfer = draw(`${key}|transfer`);
        if (!late && transfer < 0.05) midCharge.add(inv.id);
        else if (transfer < (late ? 0.4 : 0.1)) transfers.set(day, [...(transfers.get(day) ?? []), inv.id]);
      }
      const transfer = (invoiceId: number) =>
        payInvoice(em(), { invoiceId, gateway: 'manual', reference: `bank-${invoiceId}` }, now).then(
          (r) => void (stats[r === 'paid' ? 'transfersFirst' : 'transfersLate'] += 1),
        );
      const bank = Promise.all((transfers.get(today) ?? []).map(transfer));
      // Three charge runs at once; on some days yesterday's held-back webhooks arrive meanwhile.
      const racing = r() < 0.3 ? deliverSome(r).then((n) => (stats.racedDeliveries += n)) : Promise.resolve();
      const runs = await timed('charging', async () => {
        const counts = await Promise.all([0, 1, 2].map(() => chargeDueInvoices(em(), today, env, config.APP_SECRET, now)));
        await Promise.all([racing, bank]);
        await Promise.all(midChargePaid.splice(0));
        return counts;
      });
      for (const counts of runs) for (const [k, n] of Object.entries(counts)) stats[k as keyof typeof counts] += n;
      // Most days the webhooks come the same day; some days they wait.
      if (r() < 0.5) await timed('webhooks', () => deliverSome(r));
      expect(
        await sql(`select invoice_id, attempt from charge_attempt where status = 'pending'`),
        `attempts left pending on ${today}`,
      ).toEqual([]);
      if (plusDays(today, 1).endsWith('-01')) {
        await timed('checks', () => checkInvariants(today));
        stats.checks++;
      }
    }
    const last = plusDays(today, -1);
    // The late ones, then every event ever sent once more, newest first.
    await deliverSome(rng);
    stats.deliveries += (await stripe.deliverAll({ all: true, order: 'reverse' })).length;
    const { attempts, byInvoice, intents, refunds, paidBy } = await checkInvariants(`the end, ${last}`);
    expect(stats.failed, 'charge runs that failed on an invoice').toBe(0);
    expect(await sql(`select status, count(*)::int as n from billing_run_batch group by status`)).toEqual([
      { status: 'done', n: expect.any(Number) },
    ]);
    const [unbilled] = await sql<{ n: number }>(
      `select count(*)::int as n from service where status = 'active' and coalesce(billed_until, next_due_date) <= ?::date`,
      [plusDays(last, DAYS_BEFORE)],
    );
    expect(unbilled!.n, 'services left unbilled').toBe(0);

    // What each kind of card did, over every renewal invoice due in time for its last retry.
    const invoices = await sql<{ id: number; client_id: number; status: string; due: string; credit_paid: boolean }>(
      `select i.id, i.client_id, i.status, i.due_date::text as due, exists (select 1 from payment p where p.invoice_id = i.id and p.gateway = 'credit') as credit_paid
       from invoice i where i.order_id is null and i.due_date <= ? order by i.id`,
      [plusDays(last, -RETRY.at(-1)!)],
    );
    const seen: Record<Kind, { invoices: number; paid: number; attempts: number; paidOnRetry: number }> = {
      pays: { invoices: 0, paid: 0, attempts: 0, paidOnRetry: 0 },
      flaky: { invoices: 0, paid: 0, attempts: 0, paidOnRetry: 0 },
      declines: { invoices: 0, paid: 0, attempts: 0, paidOnRetry: 0 },
      authenticates: { invoices: 0, paid: 0, attempts: 0, paidOnRetry: 0 },
    };
    const wrong: string[] = [];
    const transferred = new Set([...transfers].flatMap(([day, ids]) => (day <= last ? ids : [])).concat(midChargeDone));
    for (const inv of invoices.filter((i) => !i.credit_paid && !transferred.has(i.id))) {
      const kind = kindOf(inv.client_id);
      const list = byInvoice.get(inv.id) ?? [];
      const s = seen[kind];
      s.invoices++;
      s.attempts += list.length;
      if (inv.status === 'paid') s.paid++;
      if (inv.status === 'paid' && list.length > 1) s.paidOnRetry++;
      const expected =
        kind === 'pays'
          ? ['succeeded']
          : kind === 'declines'
            ? ['declined', 'declined', 'declined', 'declined']
            : kind === 'authenticates'
              ? ['authentication_required']
              : null;
      if (expected && JSON.stringify(list.map((a) => a.status)) !== JSON.stringify(expected))
        wrong.push(`${kind} #${inv.id}: ${list.map((a) => a.status).join(', ')}`);
      if (!expected && list.at(-1)?.status !== 'succeeded' && list.length !== OFFSETS.length)
        wrong.push(`flaky #${inv.id}: gave up after ${list.length}`);
    }
    expect(wrong.slice(0, 10)).toEqual([]);
    expect(seen.flaky.paidOnRetry, 'flaky cards paid on a retry').toBeGreaterThan(0);
    expect(seen.flaky.paid, 'flaky cards that never paid one invoice').toBeLessThan(seen.flaky.invoices);
    expect(seen.declines.paid).toBe(0);
    // Every transfer took, or found the invoice paid by its card first; those between retries ended them.
    expect(stats.transfersFirst + stats.transfersLate).toBe(transferred.size);
    // (a transfer comes on the due date or two days after it: before the third attempt's day)
    const lateTransfers = [...transferred].filter((id) => paidBy.get(id) === 'manual' && (byInvoice.get(id) ?? []).length > 2);
    expect(lateTransfers, 'retries after a transfer paid the invoice').toEqual([]);
    expect(refunds.length, 'card charges that lost the race with a transfer (refunded)').toBeGreaterThan(0);
    // The declines and authentication requests each emailed the client once.
    const [mails] = await sql<{ n: number }>(
      `select count(*)::int as n from mail_message where kind in ('payment_failed', 'payment_needs_authentication')`,
    );
    expect(mails!.n).toBe(attempts.filter((a) => a.status !== 'succeeded').length);
    expect(
      chaos.declined.every(
        (pi) => clients.find((c) => c.pm === pi.payment_method || c.pm === pi.last_payment_error?.payment_method?.id)?.kind === 'flaky',
      ),
    ).toBe(true);
    const [events] = await sql<{ n: number }>(`select count(*)::int as n from gateway_event`);
    expect(events!.n).toBe(stripe.events.length);

    console.log(
      [
        `seed ${SEED}: ${clients.length} clients (${KINDS.filter((k) => k === 'pays').length} paying, ${KINDS.filter((k) => k === 'flaky').length} flaky, ${KINDS.filter((k) => k === 'declines').length} declining, ${KINDS.filter((k) => k === 'authenticates').length} wanting authentication), ${DAYS} days ${DAY0} .. ${last}, ${DAYS * 3} billing runs and ${DAYS * 3} charge runs in ${((performance.now() - startedAt) / 1000).toFixed(1)}s`,
        `charges: ${intents.length} at Stripe (${intents.filter((pi) => pi.status === 'succeeded').length} succeeded, ${chaos.declined.length} declined at random); run outcomes ${JSON.stringify({ ...stats, checks: undefined })}`,
        `by card: ${JSON.stringify(seen)}`,
        `bank transfers: ${transferred.size}, ${midChargeDone.length} of them while the card was being charged (${stats.transfersFirst} paid the invoice, ${stats.transfersLate} found it paid); ${refunds.length} card charges refunded as not owed`,
        `webhooks: ${stripe.events.length} events, ${stripe.deliveries.length} deliveries (${stats.racedDeliveries} during charge runs); ${stats.checks} monthly checks`,
        `time: ${Object.entries(spent)
          .map(([k, ms]) => `${k} ${(ms / 1000).toFixed(1)}s`)
          .join(', ')}`,
      ].join('\n'),
    );
  },
);
