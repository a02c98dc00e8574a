// Automatic renewal charges per second: N unpaid renewal invoices due today, each client with a
// default saved card, charged by the app's charge run (chargeDueInvoices: claim the attempt under
// the invoice's lock, the off-session PaymentIntent through the Stripe SDK, the payment recorded
// and the periods paid) against the local Stripe stand-in. Next to it, in the same run and against
// a stand-in in the same state: the same N PaymentIntents created straight through the SDK, one
// after another, with the app's parameters and idempotency keys (the floor the Stripe calls alone
// set). Each app measurement starts from a copy of the same database; both must end with N
// successful charges, and the app's with N invoices paid once each.
import { performance } from 'node:perf_hooks';
import { migrate, openOrm, type Orm } from '../src/db/orm.ts';
import { runBillingNow } from '../src/modules/billing/run-billing-now.ts';
import { createCatalog } from '../src/modules/catalog/create-catalog.ts';
import { createPackage } from '../src/modules/catalog/create-package.ts';
import { savePrice } from '../src/modules/catalog/save-price.ts';
import { chargeDueInvoices } from '../src/modules/payments/charge-due-invoices.ts';
import { chargeKey } from '../src/modules/payments/charge-saved-card.ts';
import { saveGatewaySettings } from '../src/modules/payments/save-gateway-settings.ts';
import { stripeFor } from '../src/modules/payments/stripe/client.ts';
import { addServiceForClient } from '../src/modules/services/add-service-for-client.ts';
import { saveCurrency } from '../src/modules/settings/save-currency.ts';
import { saveTaxRate } from '../src/modules/settings/save-tax-rate.ts';
import { startStripeStandIn, type StripeStandIn } from '../test/helpers/stripe-stand-in.ts';
import { report, type BenchReport, type Measured } from './harness.ts';
import { admin, intEnv, percentile, PG_SERVER } from './support.ts';

const DB = 'hostbill_bench_cards';
const TEMPLATE = `${DB}_tpl`;
const INVOICES = intEnv('BENCH_CARD_INVOICES', 1000, 10, 100_000);
const ROUNDS = intEnv('BENCH_ROUNDS', 3, 1, 20);
const SECRET_KEY = 'sk_test_benchcards';
const APP_SECRET = 'bench-cards-app-secret-0123456789abcdefghij';
const CARD = '4242424242424242';
// Far from the real clock; the run bills DUE seven days ahead (invoice_days_before), then charges on DUE.
const DUE = '2031-03-15';
const STARTED = new Date('2031-02-20T12:00:00Z');
const BILLED = new Date('2031-03-08T03:00:00Z');
const CHARGED = new Date(`${DUE}T06:00:00Z`);

const BARE = 'SDK paymentIntents.create, bare';
const ONE = 'app: chargeDueInvoices, 1 run';
const RACING = 'app: chargeDueInvoices, 3 racing runs';

interface Round {
  wallMs: number;
  /** When each charge reached the stand-in (it handles them one at a time). */
  arrivals: number[];
  outcome: { charges: number; doubles: number; failed: number };
}

// ---- the dataset ------------------------------------------------------------------------------

/**
 * One client per invoice (USD, Germany or the US), each with one monthly service renewing on DUE,
 * recorded through the staff "existing account" path, then billed by a real run: N renewal
 * invoices with their lines and unpaid periods. Cards are added per round, at that round's stand-in.
 */
async function buildTemplate(n: number) {
  const orm = await recreate(TEMPLATE);
  const run = <T>(q: string, p: unknown[] = []) => orm.em.getConnection().execute<T[]>(q, p);
  try {
    await migrate(orm);
    const pkg = await seedCatalog(orm);
    const clients = await run<{ id: number }>(
      `insert into client (email, name, country, currency) select 'card' || k || '@example.com', 'Client ' || k, (array['DE', 'US'])[1 + k % 2], 'USD' from generate_series(1, ?) k returning id`,
      [n],
    );
    let next = 0;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (next < clients.length) {
          const c = clients[next++]!;
          await addServiceForClient(
            orm.em.fork(),
            c.id,
            { packageId: pkg, priceName: 'Monthly', currency: 'USD', start: 'existing', nextDueDate: DUE },
            { actor: 'staff:bench@example.com', now: STARTED },
          );
        }
      }),
    );
    await runBillingNow(orm.em.fork(), BILLED.toISOString().slice(0, 10), BILLED);
    const [got] = await run<{ n: number }>(
      `select count(*)::int as n from invoice where status = 'unpaid' and order_id is null and due_date = ?`,
      [DUE],
    );
    if (got!.n !== n) throw new Error(`The dataset has ${got!.n} unpaid renewal invoices, not ${n}.`);
    await run('vacuum analyze');
  } finally {
    await orm.close(true);
  }
}

/** USD, German VAT, one taxable monthly package, and Stripe on with automatic charges: the package's id. */
async function seedCatalog(orm: Orm): Promise<number> {
  const em = () => orm.em.fork();
  await saveGatewaySettings(
    em(),
    'stripe',
    { enabled: 'on', currencies: [], settings: { secret_key: SECRET_KEY, retry_days: '1,3,5', auto_charge: 'on' } },
    APP_SECRET,
  );
  await saveCurrency(em(), { code: 'USD', name: 'US Dollar', rate: '1', isDefault: '1' });
  await saveTaxRate(em(), { country: 'DE', name: 'MwSt', rate: '19' });
  const { id: catalogId } = await createCatalog(em(), { name: 'Hosting' });
  const { id: pkg } = await createPackage(em(), { catalogId, name: 'Web', taxable: '1' });
  await savePrice(em(), pkg, undefined, {
    name: 'Monthly',
    type: 'recurring',
    intervalCount: 1,
    period: 'month',
    currency: 'USD',
    price: '9.9900',
  });
  return pkg;
}

/** The database dropped and made again (from `template` when given), opened. */
async function recreate(name: string, template?: string): Promise<Orm> {
  await admin(`drop database if exists ${name} with (force)`);
  await admin(`create database ${name}${template ? ` template ${template}` : ''}`);
  return openOrm(`${PG_SERVER}/${name}`);
}

/** A fresh stand-in holding a customer with a saved card per client: no earlier round's idempotency keys. */
async function standInWithCards(clientIds: number[]) {
  const stripe = await startStripeStandIn();
  stripe.webhookMode = 'manual';
  const cards = clientIds.map((clientId) => {
    const customer = stripe.store.addCustomer({
      email: `card${clientId}@example.com`,
      name: `Client ${clientId}`,
      metadata: { client_id: String(clientId) },
    });
    const pm = stripe.attachCard(customer.id, CARD);
    return {
      client_id: clientId,
      customer: customer.id,
      pm: pm.id,
      last4: pm.card!.last4,
      exp_month: pm.card!.exp_month,
      exp_year: pm.card!.exp_year,
    };
  });
  // Arrival times of the charges at the stand-in (its handling is synchronous: one at a time).
  const arrivals: number[] = [];
  const create = stripe.store.createPaymentIntent.bind(stripe.store);
  stripe.store.createPaymentIntent = (p) => {
    arrivals.push(performance.now());
    return create(p);
  };
  return { stripe, cards, arrivals };
}

const gaps = (arrivals: number[]) => arrivals.slice(1).map((t, i) => t - arrivals[i]!);

/** Succeeded off-session charges at the stand-in, and how many invoices were charged more than once. */
function chargesAt(stripe: StripeStandIn) {
  const succeeded = [...stripe.store.paymentIntents.values()].filter((pi) => pi.status === 'succeeded');
  const perInvoice = new Map<string, number>();
  for (const pi of succeeded) perInvoice.set(pi.metadata.invoice_id!, (perInvoice.get(pi.metadata.invoice_id!) ?? 0) + 1);
  return { charges: succeeded.length, doubles: [...perInvoice.values()].filter((x) => x > 1).length };
}

// ---- the rounds ---------------------------------------------------------------------------------

type Due = { id: number; client_id: number; amount: number };

async function dueInvoices(orm: Orm): Promise<Due[]> {
  return orm.em
    .getConnection()
    .execute<Due[]>(
      `select id, client_id, round((total - credit_applied) * 100)::int as amount from invoice where status = 'unpaid' and order_id is null and due_date = ? order by id`,
      [DUE],
    );
}

async function bareRound(due: Due[]): Promise<Round> {
  const { stripe, cards, arrivals } = await standInWithCards(due.map((d) => d.client_id));
  try {
    const sdk = await stripeFor({ secret_key: SECRET_KEY }, { stripeApiUrl: stripe.url });
    const cardOf = new Map(cards.map((c) => [c.client_id, c]));
    let failed = 0;
    const t0 = performance.now();
    for (const inv of due) {
      const card = cardOf.get(inv.client_id)!;
      const pi = await sdk.paymentIntents.create(
        {
          amount: inv.amount,
          currency: 'usd',
          customer: card.customer,
          payment_method: card.pm,
          off_session: true,
          confirm: true,
          description: `Invoice #${inv.id}`,
          metadata: { invoice_id: String(inv.id), client_id: String(inv.client_id), attempt: '1' },
        },
        { idempotencyKey: chargeKey(inv.id, 1) },
      );
      if (pi.status !== 'succeeded') failed++;
    }
    const wallMs = performance.now() - t0;
    return { wallMs, arrivals, outcome: { ...chargesAt(stripe), failed } };
  } finally {
    await stripe.close();
  }
}

async function appRound(runs: number): Promise<Round> {
  const orm = await recreate(DB, TEMPLATE);
  const sql = <T>(q: string, p: unknown[] = []) => orm.em.getConnection().execute<T[]>(q, p);
  const due = await dueInvoices(orm);
  const { stripe, cards, arrivals } = await standInWithCards(due.map((d) => d.client_id));
  try {
    await sql(
      `with r as (select * from jsonb_to_recordset(?::jsonb) as r(client_id int, customer text, pm text, last4 text, exp_month int, exp_year int)),
            g as (insert into gateway_customer (client_id, gateway, reference) select client_id, 'stripe', customer from r)
       insert into saved_card (client_id, gateway, reference, brand, last4, exp_month, exp_year, is_default) select client_id, 'stripe', pm, 'visa', last4, exp_month, exp_year, true from r`,
      [JSON.stringify(cards)],
    );
    const env = { publicUrl: 'http://127.0.0.1:1', stripeApiUrl: stripe.url, testGateway: false };
    const t0 = performance.now();
    const counts = await Promise.all(Array.from({ length: runs }, () => chargeDueInvoices(orm.em.fork(), DUE, env, APP_SECRET, CHARGED)));
    const wallMs = performance.now() - t0;
    const [out] = await sql<{ paid: number; payments: number; attempts: number }>(
      `select (select count(*) from invoice where status = 'paid' and due_date = ?)::int as paid,
              (select count(*) from payment p join invoice i on i.id = p.invoice_id where p.gateway = 'stripe' and i.due_date = ?)::int as payments,
              (select count(*) from charge_attempt where status = 'succeeded')::int as attempts`,
      [DUE, DUE],
    );
    const charged = counts.reduce((s, c) => s + c.charged, 0);
    const failed = counts.reduce((s, c) => s + c.failed + c.declined + c.authentication_required + c.processing, 0);
    const at = chargesAt(stripe);
    if (
      out!.paid !== due.length ||
      out!.payments !== due.length ||
      out!.attempts !== due.length ||
      charged !== due.length ||
      at.charges !== due.length
    ) {
      throw new Error(
        `The charge run did not charge every invoice once: ${JSON.stringify({ ...out, charged, due: due.length, atStripe: at.charges })}`,
      );
    }
    return { wallMs, arrivals, outcome: { ...at, failed } };
  } finally {
    await stripe.close();
    await orm.close(true);
  }
}

// ---- the report ---------------------------------------------------------------------------------

export async function renewalsCardsBench(): Promise<BenchReport> {
  const rounds: Record<string, Round[]> = { [BARE]: [], [ONE]: [], [RACING]: [] };
  try {
    const t = performance.now();
    await buildTemplate(INVOICES);
    console.log(
      `  dataset: ${INVOICES} unpaid renewal invoices due ${DUE}, one client and saved card each (${((performance.now() - t) / 1000).toFixed(1)}s to build)`,
    );
    const orm = await recreate(DB, TEMPLATE);
    const due = await dueInvoices(orm).finally(() => orm.close(true));
    // Unreported warm-up of both paths (JIT, connections, the SDK's first load).
    await bareRound(due.slice(0, 50));
    await appRound(1);
    for (let i = 1; i <= ROUNDS; i++) {
      for (const [label, run] of [
        [BARE, () => bareRound(due)],
        [ONE, () => appRound(1)],
        [RACING, () => appRound(3)],
      ] as const) {
        const r = await run();
        rounds[label]!.push(r);
        console.log(
          `  ${label.padEnd(38)} round ${i}/${ROUNDS}: ${r.outcome.charges} charges in ${(r.wallMs / 1000).toFixed(2)}s = ${Math.round((r.outcome.charges / r.wallMs) * 1000)}/s`,
        );
      }
    }
  } finally {
    await admin(`drop database if exists ${DB} with (force)`);
    await admin(`drop database if exists ${TEMPLATE} with (force)`);
  }
  const paths: Record<string, string> = {
    [BARE]: 'SDK -> stand-in, one at a time',
    [ONE]: 'claim (invoice lock) -> SDK -> stand-in -> payment, periods, attempt',
    [RACING]: 'the same, three runs at once over the same invoices',
  };
  const rows: Measured[] = Object.entries(rounds).map(([label, rs]) => {
    const latencies = rs.flatMap((r) => gaps(r.arrivals));
    const charges = rs.reduce((s, r) => s + r.outcome.charges, 0);
    return {
      label,
      path: paths[label]!,
      rps: (charges / rs.reduce((s, r) => s + r.wallMs, 0)) * 1000,
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
      requests: charges,
      non2xx: rs.reduce((s, r) => s + r.outcome.failed, 0),
      errors: rs.reduce((s, r) => s + r.outcome.doubles, 0),
      timeouts: 0,
    };
  });
  const rate = (label: string) => rows.find((r) => r.label === label)!.rps;
  const rep = report(
    'renewals-cards',
    rows,
    [{ key: 'bare', label: BARE }],
    [
      `req/s = successful charges per second over ${INVOICES} invoices due the same day (summed over ${ROUNDS} round(s), BENCH_ROUNDS; size BENCH_CARD_INVOICES); p50/p99 = time between one charge reaching the stand-in and the next.`,
      `app / bare charges per second: 1 run ${(rate(ONE) / rate(BARE)).toFixed(3)}, 3 racing runs ${(rate(RACING) / rate(BARE)).toFixed(3)}.`,
      `non-2xx = charges that did not succeed (declined, failed, left pending); errors = invoices charged more than once at the stand-in; both must be 0. Every app round also ends with each invoice paid once by its charge.`,
      `the stand-in, the SDK and the app share this process; PostgreSQL runs beside it.`,
    ],
  );
  return {
    ...rep,
    connections: 1,
    seconds: Math.max(
      1,
      Math.round(
        Object.values(rounds)
          .flat()
          .reduce((s, r) => s + r.wallMs, 0) / 1000,
      ),
    ),
  };
}
