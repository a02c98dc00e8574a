// The client area's first page: the client's own running services, unpaid invoices and credit,
// and nobody else's; a new client gets a page that leads to the store.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../../helpers/app.ts';
import { addInvoice, addMessage, addService, seedAccount, setCredit } from '../../helpers/client-account.ts';
import { seedBasics, textOf } from '../fixtures.ts';
import { appAt } from './helpers.ts';
import { shopper, storePackage } from '../store/helpers.ts';

let t: TestApp;
let packageId = 0;
const NOW = new Date('2027-01-20T12:00:00Z');

beforeAll(async () => {
  t = await makeTestApp();
  const { catalogId } = await seedBasics(t);
  packageId = (await storePackage(t, catalogId, 'Cloud VPS')).id;
});
afterAll(() => t.close());

/** The part of the page between an element's id and the end of its table or list. */
const section = (html: string, id: string) =>
  html.slice(html.indexOf(`id="${id}"`), html.indexOf('</section>', html.indexOf(`id="${id}"`)));

describe('the dashboard', () => {
  it('is the first item of the client menu, and /account is it (not a redirect)', async () => {
    const { b } = await shopper(t, { currency: 'USD' }, appAt(t, NOW));
    const res = await b.get('/account');
    expect(res.status).toBe(200);
    const html = await textOf(res);
    expect(html).toMatch(
      /<nav id="main-nav" aria-label="Main">.*?<a href="\/cart"[^>]*>Cart<\/a><a href="\/account" aria-current="page">Dashboard<\/a><a href="\/account\/services"/s,
    );
    expect(html).toContain('<title>Dashboard · Hostbill</title>');
  });

  it("shows exactly the client's own running services, unpaid invoices and credit", async () => {
    const ada = await shopper(t, { currency: 'USD' }, appAt(t, NOW));
    const bob = await shopper(t, { currency: 'USD' }, appAt(t, NOW));
    const mine = await seedAccount(t, ada.id, packageId);
    const pending = await addService(t, ada.id, packageId, { status: 'pending', nextDueDate: null });
    const theirs = await seedAccount(t, bob.id, packageId);
    await setCredit(t, bob.id, '999.0000');
    const later = await addInvoice(t, ada.id, mine.serviceId, {
      status: 'unpaid',
      total: '5.00',
      dueDate: '2027-02-01',
      createdAt: '2027-01-18T10:00:00Z',
    });
    await addInvoice(t, ada.id, mine.serviceId, {
      status: 'draft',
      total: '3.00',
      dueDate: '2027-02-01',
      createdAt: '2027-01-19T10:00:00Z',
    });

    const html = await textOf(await ada.b.get('/account'));
    const services = section(html, 'dashboard-services');
    expect(services).toContain(`href="/account/services/${mine.serviceId}">Cloud VPS</a>`);
    expect(services).toContain(`href="/account/services/${pending}">Cloud VPS</a>`);
    expect(services).toMatch(/<span class="badge ok">active<\/span><\/td><td class="nowrap">2027-02-15<\/td>/);
    expect(services).toMatch(/<span class="badge warn">pending<\/span><\/td><td class="nowrap">—<\/td>/);
    // The ended service is counted in the link to the list, not shown; Bob's is nowhere.
    expect(services).not.toContain(`/account/services/${mine.endedId}"`);
    expect(html).toContain('All services (3)');
    expect(html).not.toContain(`/account/services/${theirs.serviceId}"`);

    const invoices = section(html, 'unpaid-invoices');
    const rows = [
      ...invoices.matchAll(
        /<tr><td><a href="\/account\/invoices\/(\d+)">#(\d+)<\/a><\/td><td class="num nowrap"><strong>([^<]+)<\/strong><\/td><td><span class="nowrap">([^<]+)<\/span> (<strong class="error nowrap">overdue<\/strong>)?<\/td>/g,
      ),
    ].map((m) => [Number(m[1]), m[3], m[4], !!m[5]]);
    // Oldest due first; what is due is the total less the credit spent on it; only the past one is overdue.
    expect(rows).toEqual([
      [mine.unpaidId, '17.50 USD', '2027-01-15', true],
      [later, '5.00 USD', '2027-02-01', false],
    ]);
    expect(invoices).toContain(
      `<a class="button small primary" href="/account/invoices/${mine.unpaidId}" aria-label="Pay invoice #${mine.unpaidId}">Pay</a>`,
    );
    expect(invoices).not.toContain(`/account/invoices/${mine.paidId}"`);
    expect(html).not.toContain(`/account/invoices/${theirs.unpaidId}"`);

    expect(html).toContain('<strong id="credit-balance">7.25 USD</strong>');
    expect(html).not.toContain('999.00');
  });

  it('marks an unpaid invoice past its due date as overdue, on the invoice list and on its page, and no other', async () => {
    const ada = await shopper(t, { currency: 'USD' }, appAt(t, NOW));
    const mine = await seedAccount(t, ada.id, packageId);
    const later = await addInvoice(t, ada.id, mine.serviceId, {
      status: 'unpaid',
      total: '5.00',
      dueDate: '2027-02-01',
      createdAt: '2027-01-18T10:00:00Z',
    });
    const voided = await addInvoice(t, ada.id, mine.serviceId, {
      status: 'void',
      total: '2.00',
      dueDate: '2027-01-02',
      createdAt: '2027-01-01T10:00:00Z',
    });
    const list = await textOf(await ada.b.get('/account/invoices'));
    const marked = (id: number) => {
      const row = list.slice(
        list.indexOf(`href="/account/invoices/${id}"`),
        list.indexOf('</tr>', list.indexOf(`href="/account/invoices/${id}"`)),
      );
      return row.includes('<span class="badge bad">overdue</span>');
    };
    // Due 2027-01-15 and unpaid on 2027-01-20: overdue; the paid one (due before) and the one due later are not.
    expect([marked(mine.unpaidId), marked(mine.paidId), marked(later), marked(voided)]).toEqual([true, false, false, false]);
    // A void invoice is "cancelled" on the list, as on its page and its PDF.
    const voidRow = list.slice(
      list.indexOf(`href="/account/invoices/${voided}"`),
      list.indexOf('</tr>', list.indexOf(`href="/account/invoices/${voided}"`)),
    );
    expect(voidRow).toMatch(/<span class="badge[^"]*">cancelled<\/span>/);
    expect(await textOf(await ada.b.get(`/account/invoices/${mine.unpaidId}`))).toMatch(
      /2027-01-15 <span class="badge bad">overdue<\/span>/,
    );
    expect(await textOf(await ada.b.get(`/account/invoices/${later}`))).not.toContain('badge bad">overdue');
  });

  it('lists the last five emails to the client, newest first, and none of anyone else', async () => {
    const ada = await shopper(t, { currency: 'USD' }, appAt(t, NOW));
    const bob = await shopper(t, { currency: 'USD' }, appAt(t, NOW));
    for (let day = 1; day <= 6; day++) await addMessage(t, ada.id, `Notice ${day}`, `2027-01-0${day}T09:00:00Z`);
    await addMessage(t, ada.id, 'Your invoice', '2027-01-07T09:00:00Z', 'failed');
    await addMessage(t, bob.id, 'For Bob only', '2027-01-08T09:00:00Z');
    const html = await textOf(await ada.b.get('/account'));
    const list = html.slice(html.indexOf('id="recent-messages"'), html.indexOf('</ul>', html.indexOf('id="recent-messages"')));
    // Each subject opens the email in the client area.
    const rows = [
      ...list.matchAll(
        /<li><time[^>]*>([^<]+)<\/time> <a href="\/account\/messages\/\d+">([^<]+)<\/a>(?:<span class="muted small"> · ([^<]+)<\/span>)?<\/li>/g,
      ),
    ].map((m) => [m[1], m[2], m[3] ?? '']);
    expect(rows).toEqual([
      ['2027-01-07', 'Your invoice', 'not delivered'],
      ['2027-01-06', 'Notice 6', ''],
      ['2027-01-05', 'Notice 5', ''],
      ['2027-01-04', 'Notice 4', ''],
      ['2027-01-03', 'Notice 3', ''],
    ]);
    expect(html).not.toContain('For Bob only');
    expect(html).toContain('<a href="/account/messages">All messages</a>');
  });

  it('the Pay button leads to the invoice, which offers the ways to pay it', async () => {
    const ada = await shopper(t, { currency: 'USD' }, appAt(t, NOW));
    const { unpaidId } = await seedAccount(t, ada.id, packageId);
    const page = await textOf(await ada.b.get(`/account/invoices/${unpaidId}`));
    expect(page).toContain('Pay this invoice');
  });

  it('reads well for a new client with nothing yet, and leads to the store', async () => {
    const { b } = await shopper(t, { currency: 'EUR' }, appAt(t, NOW));
    const html = await textOf(await b.get('/account'));
    expect(html).toContain('You have no services yet.');
    expect(html).toContain('<a class="button primary" href="/store">Browse the store</a>');
    expect(html).toContain('Nothing to pay: you are all caught up.');
    expect(html).toContain('<strong id="credit-balance">0.00 EUR</strong>');
    expect(html).not.toContain('All services');
    expect(html).toContain('No emails sent to you yet.');
  });

  it('keeps the welcome and password notices on the services list', async () => {
    const { b } = await shopper(t, { currency: 'USD' });
    expect(await textOf(await b.get('/account/services?welcome=1'))).toContain('Welcome! Your account is ready.');
    expect(await textOf(await b.get('/account/services?password=1'))).toContain('Your password is set, and you are signed in.');
  });

  it('sends a signed-out visitor to sign in', async () => {
    const res = await t.app.request('http://localhost/account');
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toMatch(/^\/account\/sign-in/);
  });
});
