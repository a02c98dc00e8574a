// The client area in German for a client whose profile says German (and on the sign-in page for
// a German browser): words from the translation files, German money and dates, <html lang="de">;
// an English client on the same pages keeps English.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../../helpers/app.ts';
import { addMessage, seedAccount, setCredit } from '../../helpers/client-account.ts';
import { seedBasics, textOf } from '../fixtures.ts';
import { appAt, sql } from './helpers.ts';
import { shopper, storePackage } from '../store/helpers.ts';

let t: TestApp;
let packageId = 0;
const NOW = new Date('2026-11-20T12:00:00Z');

beforeAll(async () => {
  t = await makeTestApp();
  const { catalogId } = await seedBasics(t);
  packageId = (await storePackage(t, catalogId, 'Cloud VPS')).id;
});
afterAll(() => t.close());

/** A client with a running service, an unpaid EUR invoice of 1,234.50 due on 2026-12-04, credit and an email. */
async function account(language: 'de' | 'en') {
  const s = await shopper(t, { currency: 'EUR', country: 'DE', language }, appAt(t, NOW));
  const a = await seedAccount(t, s.id, packageId);
  await sql(
    t,
    `update invoice set currency = 'EUR', subtotal = 1234.5, total = 1234.5, credit_applied = 0, due_date = '2026-12-04' where id = ?`,
    [a.unpaidId],
  );
  await sql(t, `update invoice_line set amount = 1234.5, description = 'Cloud VPS' where invoice_id = ?`, [a.unpaidId]);
  await setCredit(t, s.id, '7.2500');
  await addMessage(t, s.id, 'Ihr Cloud VPS ist bereit', '2026-11-30T08:00:00Z');
  return { ...s, ...a };
}

const visible = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

describe('the client area in German', () => {
  it('shows the dashboard, the lists, a service and an invoice in German, with German money and dates', async () => {
    const de = await account('de');
    const pages = {
      dashboard: await textOf(await de.b.get('/account')),
      services: await textOf(await de.b.get('/account/services')),
      service: await textOf(await de.b.get(`/account/services/${de.serviceId}`)),
      invoices: await textOf(await de.b.get('/account/invoices')),
      invoice: await textOf(await de.b.get(`/account/invoices/${de.unpaidId}`)),
      profile: await textOf(await de.b.get('/account/profile')),
    };
    for (const html of Object.values(pages)) {
      expect(html).toContain('<html lang="de">');
      expect(html).toMatch(/<nav id="main-nav" aria-label="Hauptmenü">.*>Übersicht<\/a>.*>Dienste<\/a>.*>Rechnungen<\/a>/s);
      expect(html).toContain('>Abmelden</button>');
      for (const english of ['>Dashboard<', '>Sign out<', '>Invoices<', 'Skip to content']) expect(html).not.toContain(english);
    }

    const dash = visible(pages.dashboard);
    expect(pages.dashboard).toContain('<title>Übersicht · Hostbill</title>');
    for (const text of [
      'Offene Rechnungen',
      'Betrag',
      'Fällig am',
      'Bezahlen',
      'Guthaben',
      'Letzte Nachrichten',
      'Alle Dienste (2)',
      'Nächste Fälligkeit',
      'aktiv',
    ])
      expect(dash).toContain(text);
    expect(dash).toContain('1.234,50 EUR');
    expect(dash).toContain('04.12.2026');
    expect(dash).toContain('15.02.2027');
    expect(dash).toContain('30.11.2026 Ihr Cloud VPS ist bereit');
    expect(pages.dashboard).toContain('<strong id="credit-balance">7,25 EUR</strong>');
    for (const english of ['Unpaid invoices', 'Amount due', 'Account credit', 'Recent messages', 'overdue', '1,234.50', '2026-12-04'])
      expect(dash).not.toContain(english);

    const services = visible(pages.services);
    for (const text of ['Paket', 'Preis', 'Nächste Fälligkeit', 'Seit', 'aktiv', 'beendet', '15.02.2027', 'Zum Shop'])
      expect(services).toContain(text);
    for (const english of ['Package', 'Next due', 'Go to the store', 'terminated']) expect(services).not.toContain(english);

    const service = visible(pages.service);
    expect(pages.service).toContain(`<title>Dienst #${de.serviceId} · Hostbill</title>`);
    for (const text of [
      'Zugangsdaten',
      'Anzeigen',
      'Nächste Fälligkeit',
      'Diesen Dienst kündigen',
      'Zum Laufzeitende kündigen',
      'Sofort kündigen',
      'Rechnungen',
      '15.02.2027',
      '01.12.2026',
      '1.234,50 EUR',
      'offen',
      'bezahlt',
    ])
      expect(service).toContain(text);
    for (const english of ['Next due', 'Cancel now', 'Cancel this service', 'Details', 'unpaid']) expect(service).not.toContain(english);

    const invoices = visible(pages.invoices);
    for (const text of ['Zwischensumme', 'Steuer', 'Gesamt', 'Fällig am', 'Bezahlt am', 'offen', 'bezahlt', '1.234,50 EUR', '04.12.2026'])
      expect(invoices).toContain(text);
    for (const english of ['Subtotal', 'Total', 'unpaid', '2026-12-04']) expect(invoices).not.toContain(english);

    const invoice = visible(pages.invoice);
    expect(pages.invoice).toContain(`<title>Rechnung #${de.unpaidId} · Hostbill</title>`);
    for (const text of [
      `Rechnung #${de.unpaidId}`,
      'PDF herunterladen',
      'Rechnungsdatum',
      'Fällig am 04.12.2026',
      'Beschreibung',
      'Betrag',
      'Zwischensumme',
      'Gesamt 1.234,50 EUR',
      'Rechnung bezahlen',
      'Test-Zahlungsanbieter',
      // 7.25 EUR of credit goes towards 1,234.50 EUR: said in German, its amounts written the German way.
      'Guthaben anrechnen',
      'Zieht 7,25 EUR von dieser Rechnung ab; die restlichen 1.227,25 EUR zahlen Sie auf anderem Weg.',
    ])
      expect(invoice).toContain(text);
    for (const english of ['Download PDF', 'Issued', 'Description', 'Pay this invoice', 'Subtotal', '1,234.50'])
      expect(invoice).not.toContain(english);

    const profile = visible(pages.profile);
    for (const text of [
      'Ihre Angaben',
      'E-Mail',
      'Land',
      'Währung',
      'Sprache',
      'Rechnungsangaben (optional)',
      'USt-IdNr.',
      'Anschrift',
      'Profil speichern',
      'Aktuelles Passwort',
      'Neues Passwort',
      'Passwort ändern',
    ])
      expect(profile).toContain(text);
    expect(pages.profile).toMatch(/<option value="DE" selected="">Deutschland<\/option>/);
    for (const english of ['Your details', 'Save profile', 'Billing details', 'Change password', 'Germany'])
      expect(profile).not.toContain(english);
  });

  it('asks to confirm a cancellation, and shows the other pages and notices in German', async () => {
    const de = await account('de');
    const cancel = visible(await textOf(await de.b.get(`/account/services/${de.serviceId}/cancel?when=end_of_term`)));
    for (const text of [
      'Zum Laufzeitende kündigen?',
      `Dienst #${de.serviceId} (Cloud VPS) läuft bis zum Ende der bezahlten Laufzeit weiter und endet am 15.02.2027`,
      'Ja, zum Laufzeitende kündigen',
      'Nein, behalten',
    ])
      expect(cancel).toContain(text);
    await sql(
      t,
      `insert into payment (invoice_id, gateway, reference, amount, currency, created_at)
       select id, 'manual', 'BANK-DE-1', total, currency, '2026-11-18T09:05:00Z' from invoice where id = ?`,
      [de.paidId],
    );
    const already = visible(await textOf(await de.b.get(`/account/invoices/${de.paidId}?payment=already`)));
    expect(already).toContain('Diese Rechnung ist bereits bezahlt.');
    // The payment's time, its day written the German way.
    expect(already).toContain('18.11.2026 09:05');
    expect(already).toContain('bezahlt');
    const orders = visible(await textOf(await de.b.get('/account/orders')));
    expect(orders).toContain('Sie haben noch keine Bestellung aufgegeben.');
    const cards = visible(await textOf(await de.b.get('/account/cards')));
    for (const text of ['Gespeicherte Karten', 'Gültig bis', 'Keine gespeicherten Karten.']) expect(cards).toContain(text);
    const welcome = visible(await textOf(await de.b.get('/account/services?welcome=1')));
    expect(welcome).toContain('Willkommen! Ihr Konto ist eingerichtet.');
    const missing = await de.b.get('/account/nothing-here');
    expect(missing.status).toBe(404);
    expect(visible(await textOf(missing))).toContain('Nicht gefunden');
    const forgot = visible(await textOf(await de.b.get('/account/forgot-password')));
    for (const text of ['Passwort vergessen?', 'Link senden', 'Zurück zur Anmeldung']) expect(forgot).toContain(text);
  });

  it('keeps English for an English client on the same pages', async () => {
    const en = await account('en');
    const dashboard = await textOf(await en.b.get('/account'));
    expect(dashboard).toContain('<html lang="en">');
    for (const text of ['Unpaid invoices', 'Amount due', 'Account credit', '1,234.50 EUR', '2026-12-04', '>Sign out<'])
      expect(dashboard).toContain(text);
    expect(dashboard).not.toContain('Übersicht');
    const invoice = visible(await textOf(await en.b.get(`/account/invoices/${en.unpaidId}`)));
    for (const text of ['Download PDF', 'Issued', 'Due 2026-12-04', 'Subtotal', 'Total 1,234.50 EUR', 'Pay this invoice'])
      expect(invoice).toContain(text);
    expect(invoice).not.toContain('Rechnung');
  });

  it('signs a German browser in in German, and an English one in English', async () => {
    const res = await appAt(t, NOW).request('http://localhost/account/sign-in', {
      headers: { 'Accept-Language': 'de-DE,de;q=0.9,en;q=0.5' },
    });
    const html = await textOf(res);
    expect(html).toContain('<html lang="de">');
    expect(html).toContain('<title>Anmelden · Hostbill</title>');
    const text = visible(html);
    for (const german of ['Anmelden', 'E-Mail', 'Passwort', 'Passwort vergessen?', 'Neu hier? Konto erstellen .', 'Warenkorb'])
      expect(text).toContain(german);
    for (const english of ['Sign in', 'Password', 'Forgot your password?', 'New here?', 'Cart']) expect(text).not.toContain(english);

    const en = await textOf(await appAt(t, NOW).request('http://localhost/account/sign-in', { headers: { 'Accept-Language': 'en-GB' } }));
    expect(en).toContain('<html lang="en">');
    expect(visible(en)).toContain('New here? Create an account .');
  });
});
