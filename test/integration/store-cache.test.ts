import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attachTestCache, makeTestApp, ORIGIN, type TestApp } from '../helpers/app.ts';
import { startWebProcesses } from '../helpers/processes.ts';
import { until } from '../helpers/wait.ts';
import { ChangeCache } from '../../src/db/cache.ts';
import { ChangeFeed } from '../../src/db/change-feed.ts';
import { placeOrder } from '../../src/modules/checkout/place-order.ts';
import { getBillingSettings, saveBillingSettings } from '../../src/modules/settings/billing-settings.ts';
import { seedBasics } from '../http/fixtures.ts';
import { redirectLogs, setLogLevel } from '../../src/observability/log.ts';
import { Browser, sql } from '../http/client/helpers.ts';
import { addOsGroup, shopper, storePackage } from '../http/store/helpers.ts';
import { loadQuotablePackage } from '../../src/modules/catalog/load-quotable-package.ts';
import { offeredAddonPackages } from '../../src/modules/catalog/offered-addon-packages.ts';
import { createAddonGroup } from '../../src/modules/catalog/create-addon-group.ts';
import { setOfferedAddonGroups } from '../../src/modules/catalog/set-offered-addon-groups.ts';

// The public store pages come from memory, and every committed write to what they show (from
// the admin, a checkout, another process or plain SQL) drops them in every web process.

let t: TestApp;
let feed: ChangeFeed;
let cache: ChangeCache;
let pkg: { id: number; slug: string };
let clientId: number;

const METRICS_TOKEN = 'store-metrics-token-0123';
const visitor = () => new Browser(t);
/** How many answers the request histogram has counted for a method, route and status. */
const counted = async (method: string, route: string, status: number) => {
  const text = await (await t.app.request(`${ORIGIN}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).text();
  const line = text
    .split('\n')
    .find(
      (l) =>
        l.startsWith('hostbill_http_request_duration_seconds_count{') &&
        l.includes(`method="${method}"`) &&
        l.includes(`route="${route}"`) &&
        l.includes(`status="${status}"`),
    );
  return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : 0;
};
const page = async (path: string, headers: Record<string, string> = {}) => {
  const res = await t.app.request(`${ORIGIN}${path}`, { headers });
  return { res, html: await res.text() };
};

beforeAll(async () => {
  t = await makeTestApp({ METRICS_TOKEN });
  const { catalogId } = await seedBasics(t);
  pkg = await storePackage(t, catalogId, 'Sale Box', { stock: 3 });
  const [c] = await sql<{ id: number }>(
    t,
    `insert into client (email, name, currency) values ('buyer@example.com', 'Buyer', 'USD') returning id`,
  );
  clientId = c!.id;
  ({ feed, cache } = await attachTestCache(t));
});
afterAll(async () => {
  await feed.stop();
  await t.close();
});

describe('the public store pages', () => {
  it('are rendered once, then served from memory with an ETag; a revalidation gets a 304', async () => {
    const first = await page(`/store/${pkg.slug}`);
    expect(first.res.status).toBe(200);
    expect(first.html).toContain('12.00');
    const etag = first.res.headers.get('etag');
    expect(etag).toMatch(/^"[\w-]{27}"$/);
    expect(first.res.headers.get('cache-control')).toBe('no-cache');
    expect(first.res.headers.get('vary')).toBe('Cookie, Accept-Language');
    expect(first.res.headers.get('content-language')).toBe('en');
    const hits = cache.hits;
    const again = await page(`/store/${pkg.slug}`);
    expect(again.html).toBe(first.html);
    expect(cache.hits).toBe(hits + 1);
    // Served before the session and the ORM, but with every header a page gets.
    for (const h of ['content-security-policy', 'x-content-type-options', 'referrer-policy'])
      expect(again.res.headers.get(h)).toBe(first.res.headers.get(h));
    const names = (res: Response) => {
      const all: string[] = [];
      res.headers.forEach((_, name) => name !== 'date' && all.push(name));
      return all.sort();
    };
    expect(names(again.res)).toEqual(names(first.res));
    // Its own request id, not one kept with the page.
    expect(again.res.headers.get('x-request-id')).toMatch(/^[\w-]{36}$/);
    expect(again.res.headers.get('x-request-id')).not.toBe(first.res.headers.get('x-request-id'));
    expect(again.res.headers.get('content-type')).toMatch(/^text\/html/);
    const revalidated = await page(`/store/${pkg.slug}`, { 'if-none-match': etag! });
    expect(revalidated.res.status).toBe(304);
    expect(revalidated.html).toBe('');
    expect((await page('/store')).html).toContain('Sale Box');
    // A German browser gets the German page (its own entry), and English visitors keep theirs.
    const german = await page(`/store/${pkg.slug}`, { 'accept-language': 'de-DE,de;q=0.9' });
    expect(german.res.headers.get('content-language')).toBe('de');
    expect(german.html).toContain('12,00 USD');
    const germanAgain = await page(`/store/${pkg.slug}`, { 'accept-language': 'de' });
    expect(germanAgain.html).toBe(german.html);
    expect((await page(`/store/${pkg.slug}`, { 'accept-language': 'en-GB' })).html).toBe(first.html);
  });

  it("answer from memory before routing: HEAD without a body, a caller's request id kept, each answer counted under its route", async () => {
    const first = await page(`/store/${pkg.slug}`);
    await page('/store');
    const before = {
      head: await counted('HEAD', '/store/:slug', 200),
      fresh: await counted('GET', '/store/:slug', 304),
      listing: await counted('GET', '/store', 200),
    };
    const hits = cache.hits;
    const head = await t.app.request(`${ORIGIN}/store/${pkg.slug}`, { method: 'HEAD', headers: { 'x-request-id': 'sale-trace-0001' } });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
    expect(head.headers.get('etag')).toBe(first.res.headers.get('etag'));
    expect(head.headers.get('content-security-policy')).toBe(first.res.headers.get('content-security-policy'));
    expect(head.headers.get('x-request-id')).toBe('sale-trace-0001');
    const revalidated = await page(`/store/${pkg.slug}`, { 'if-none-match': `W/${first.res.headers.get('etag')}` });
    expect(revalidated.res.status).toBe(304);
    expect((await page('/store')).res.status).toBe(200);
    // One lookup each: all three came from memory, none from a route.
    expect(cache.hits).toBe(hits + 3);
    expect(await counted('HEAD', '/store/:slug', 200)).toBe(before.head + 1);
    expect(await counted('GET', '/store/:slug', 304)).toBe(before.fresh + 1);
    expect(await counted('GET', '/store', 200)).toBe(before.listing + 1);
    // A query string, a junk slug or a write goes the usual way.
    expect((await page(`/store/${pkg.slug}?utm_source=sale`)).html).toBe(first.html);
    expect((await page('/store/No_Such_Page')).res.status).toBe(404);
    const post = await t.app.request(`${ORIGIN}/store/${pkg.slug}`, { method: 'POST' });
    expect(post.status).toBeGreaterThanOrEqual(400);
    expect(post.status).toBeLessThan(500);
  });

  it('log a page sent from memory at debug, and the one that rendered it at info', async () => {
    const lines: { level: string; route: string; msg: string }[] = [];
    setLogLevel('debug');
    const restore = redirectLogs({ write: (line) => void lines.push(JSON.parse(line) as (typeof lines)[number]) });
    try {
      await sql(t, `update package set name = name where id = ${pkg.id}`);
      await until(
        async () => (await page(`/store/${pkg.slug}`)).res.status === 200 && lines.some((l) => l.msg === 'request' && l.level === 'info'),
      );
      lines.length = 0;
      await page(`/store/${pkg.slug}`);
    } finally {
      restore();
      setLogLevel('warn');
    }
    expect(lines.filter((l) => l.msg === 'request').map((l) => [l.level, l.route])).toEqual([['debug', '/store/:slug']]);
  });

  it('show a committed price change at once, and ignore one rolled back', async () => {
    const raw = new pg.Client({ connectionString: t.config.DATABASE_URL });
    await raw.connect();
    try {
      await raw.query('begin');
      await raw.query(`update package_price set price = 99 where package_id = $1`, [pkg.id]);
      await raw.query('rollback');
      await new Promise((r) => setTimeout(r, 300)); // room for a notification that must not come
      const hits = cache.hits;
      expect((await page(`/store/${pkg.slug}`)).html).toContain('12.00');
      expect(cache.hits).toBe(hits + 1);
      await raw.query(`update package_price set price = 15 where package_id = $1`, [pkg.id]);
    } finally {
      await raw.end();
    }
    await until(async () => (await page(`/store/${pkg.slug}`)).html.includes('15.00'), 5000);
    await until(async () => (await page('/store')).html.includes('from 15.00 USD/month'), 5000);
  });

  it('show stock left as orders take it', async () => {
    expect((await page(`/store/${pkg.slug}`)).html).toContain('3 left');
    await placeOrder(t.em(), { clientId, packageId: pkg.id, priceName: 'Monthly' }, new Date());
    await until(async () => (await page(`/store/${pkg.slug}`)).html.includes('2 left'), 5000);
    await until(async () => (await page('/store')).html.includes('2 left'), 5000);
  });

  it('are live and never stored for a signed-in client', async () => {
    const { b } = await shopper(t, { currency: 'USD', country: 'US' });
    const res = await b.get(`/store/${pkg.slug}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('private, no-store');
    expect(res.headers.get('etag')).toBeNull();
    expect(await res.text()).toContain('name="_csrf"');
    expect((await visitor().get(`/store/${pkg.slug}`)).headers.get('etag')).not.toBeNull();
  });

  it('are read live while the feed is down, and cached again once it is back', async () => {
    await feed.stop();
    expect(cache.live).toBe(false);
    // Nobody hears this one; the page must show it all the same.
    await sql(t, `update package set name = 'Sale Box Renamed' where id = ?`, [pkg.id]);
    expect((await page(`/store/${pkg.slug}`)).html).toContain('Sale Box Renamed');
    await feed.start();
    expect(cache.live).toBe(true);
    await page(`/store/${pkg.slug}`);
    const hits = cache.hits;
    expect((await page(`/store/${pkg.slug}`)).html).toContain('Sale Box Renamed');
    expect(cache.hits).toBe(hits + 1);
  });

  it('serve settings from memory to checkout, but the settings form reads what is stored', async () => {
    await saveBillingSettings(t.em(), { reservationMinutes: 20 });
    await new Promise((r) => setTimeout(r, 300)); // the save's own notification has come and gone
    expect((await getBillingSettings(t.em())).reservationMinutes).toBe(20);
    const quiet = new pg.Client({ connectionString: t.config.DATABASE_URL });
    await quiet.connect();
    await quiet.query(`set session_replication_role = replica`);
    await quiet.query(`update setting set value = jsonb_set(value, '{reservationMinutes}', '25') where key = 'billing'`);
    await quiet.end();
    expect((await getBillingSettings(t.em())).reservationMinutes).toBe(20);
    expect((await getBillingSettings(t.em(), { fresh: true })).reservationMinutes).toBe(25);
  });

  it('change in every web process when one write lands', async () => {
    const { webs, stop } = await startWebProcesses(2, { DATABASE_URL: t.config.DATABASE_URL });
    const {
      webs: [uncached],
      stop: stopUncached,
    } = await startWebProcesses(1, { DATABASE_URL: t.config.DATABASE_URL, LISTEN_DATABASE_URL: 'off' });
    try {
      const get = (base: string) => fetch(`${base}/store/${pkg.slug}`).then((r) => r.text());
      for (const w of [...webs, uncached!]) expect(await get(w.base)).toContain('15.00');
      // With triggers off nobody is told: the processes keep the page they have, which shows
      // that they serve it from memory.
      const quiet = new pg.Client({ connectionString: t.config.DATABASE_URL });
      await quiet.connect();
      await quiet.query(`set session_replication_role = replica`);
      await quiet.query(`update package_price set price = 16 where package_id = $1`, [pkg.id]);
      await quiet.end();
      await new Promise((r) => setTimeout(r, 300));
      for (const w of webs) expect(await get(w.base)).toContain('15.00');
      // With LISTEN_DATABASE_URL=off a process keeps nothing, so it shows the write at once.
      expect(await get(uncached!.base)).toContain('16.00');
      await sql(t, `update package_price set price = 17 where package_id = ?`, [pkg.id]);
      for (const w of webs) await until(async () => (await get(w.base)).includes('17.00'), 5000);
    } finally {
      await stop();
      await stopUncached();
    }
  }, 60_000); // three web processes start: on a busy machine that alone can take half a minute
});

describe("checkout's reads of a package", () => {
  it('come from memory, frozen, and follow a committed change to a price, an option or an add-on offer', async () => {
    const other = await storePackage(
      t,
      (await sql<{ id: number }>(t, 'select catalog_id as id from package where id = ?', [pkg.id]))[0]!.id,
      'Backup Box',
    );
    // Two reads in a row giving the very same object: the answer is kept, and no change is on its way.
    const kept = async <T>(read: () => Promise<T>) => {
      let value!: T;
      await until(async () => (value = await read()) === (await read()), 5000);
      return value;
    };
    const first = await kept(() => loadQuotablePackage(t.em(), pkg.id, 'Monthly'));
    const hits = cache.hits;
    const again = await loadQuotablePackage(t.em(), pkg.id, 'Monthly');
    expect(cache.hits).toBe(hits + 1);
    expect(again).toBe(first);
    // One copy serves every request, so nobody may change it.
    expect(() => again!.prices.push(again!.prices[0]!)).toThrow(TypeError);
    expect(() => Object.assign(again!.prices[0]!, { price: '0.01' })).toThrow(TypeError);
    // Read afresh inside a transaction (a checkout's own must see the rows under its locks).
    await t.orm.em.fork().transactional(async (tx) => expect(await loadQuotablePackage(tx, pkg.id, 'Monthly')).not.toBe(first));

    await sql(t, `update package_price set price = 21 where package_id = ?`, [pkg.id]);
    await until(async () => (await loadQuotablePackage(t.em(), pkg.id, 'Monthly'))?.prices[0]?.price === '21.0000', 5000);
    await addOsGroup(t, pkg.id);
    await until(async () => (await loadQuotablePackage(t.em(), pkg.id, 'Monthly'))?.variantGroups.length === 1, 5000);

    const offers = await kept(() => offeredAddonPackages(t.em(), pkg.id));
    expect(offers.has(other.id)).toBe(false);
    const offersRead = cache.hits;
    expect(await offeredAddonPackages(t.em(), pkg.id)).toBe(offers);
    expect(cache.hits).toBe(offersRead + 1);
    const group = await createAddonGroup(t.em(), { name: 'Backups', packageIds: [other.id] });
    await setOfferedAddonGroups(t.em(), pkg.id, { groupIds: [group.id] });
    await until(async () => (await offeredAddonPackages(t.em(), pkg.id)).has(other.id), 5000);
    await sql(t, 'delete from addon_group_package where addon_group_id = ?', [group.id]);
    await until(async () => !(await offeredAddonPackages(t.em(), pkg.id)).has(other.id), 5000);
  });
});
