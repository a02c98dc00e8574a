import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, staffClient, type TestApp, type Client } from '../helpers/app.ts';
import { startSmtp } from '../helpers/smtp.ts';
import { seedBasics, makePackage, textOf } from '../http/fixtures.ts';
import { savePrice } from '../../src/modules/catalog/save-price.ts';
import { setPackageProvisioning } from '../../src/modules/catalog/set-package-provisioning.ts';
import { savePluginInstance } from '../../src/modules/plugins/save-plugin-instance.ts';
import { placeOrder } from '../../src/modules/checkout/place-order.ts';
import { payInvoice } from '../../src/modules/invoicing/pay-invoice.ts';
import { provisionService } from '../../src/modules/provisioning/provision-service.ts';
import { resendWelcomeEmail } from '../../src/modules/services/resend-welcome-email.ts';
import { sendMail } from '../../src/modules/mail/send-mail.ts';
import { smtpTransport, type MailTransport } from '../../src/modules/mail/transport.ts';
import { billingEmailsOff } from '../helpers/notices.ts';

// Welcome email HTML is staff's markup sent to clients: whatever staff paste, what is stored,
// what the admin previews and what the client's mail program receives carry no script, no
// event handlers and no javascript: links, and are the same markup.

const HOSTILE = [
  '<h1 style="color:#0055aa" onclick="steal()">Welcome {client.name}</h1>',
  '<script>alert("stored")</script>',
  '<img src="https://cdn.example.com/x.png" onerror="alert(\'img\')">',
  '<a href="javascript:alert(\'link\')">Open the panel</a>',
  '<a href="https://panel.example.com/" onmouseover="alert(\'hover\')">Panel</a>',
  '<p style="background:url(javascript:alert(1));color:#333333">Service #{service.id}</p>',
].join('');
const BANNED = ['<script', 'alert(', 'onclick', 'onerror', 'onmouseover', 'javascript:', 'url('];

// Sent and previewed, the HTML is laid out with the email CSS inlined; what staff styled inline
// (the heading's colour) wins over it.
const BODY = 'font-family: Arial, Helvetica, sans-serif; font-size: 15px; line-height: 1.5; color: #1f2933;';
const H1 = 'font-size: 22px; line-height: 1.3; font-weight: bold; margin: 0 0 12px; color: #0055aa;';
const LINK = 'color: #1d4ed8; text-decoration: underline;';
const laidOut = (name: string, id: string) =>
  `<div class="email-body" style="${BODY}"><h1 style="${H1}">Welcome ${name}</h1><img src="https://cdn.example.com/x.png" style="max-width: 100%;">` +
  `<a style="${LINK}">Open the panel</a><a href="https://panel.example.com/" style="${LINK}">Panel</a><p style="margin: 0 0 12px; color: #333333;">Service #${id}</p></div>`;
/** The preview's markup as the email carries it: data-email-style back to style, void tags alike. */
const asSent = (preview: string) => preview.replace(/data-email-style=/g, 'style=').replace(/ \/>/g, '>');

let t: TestApp;
let owner: Client;
let smtp: Awaited<ReturnType<typeof startSmtp>>;
let transport: MailTransport;
let packageId: number;
const sql = <T = Record<string, unknown>>(q: string, p: unknown[] = []) => t.orm.em.getConnection().execute<T[]>(q, p);

/** The message body as the receiving mail program reads it (quoted-printable decoded). */
const decoded = (raw: string) =>
  raw.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));

const expectClean = (html: string) => {
  for (const fragment of BANNED) expect(html.toLowerCase(), fragment).not.toContain(fragment);
};

/** Orders, pays and provisions one service; its welcome email is then sent through real SMTP. */
async function deliverWelcome(email: string) {
  const [c] = await sql<{ id: number }>(
    `insert into client (email, name, currency) values (?, 'Ada <b>Lovelace</b>', 'USD') returning id`,
    [email],
  );
  const { invoice } = await placeOrder(t.em(), { clientId: c!.id, packageId, priceName: 'Monthly' }, new Date());
  await payInvoice(t.em(), { invoiceId: invoice.id, gateway: 'test', reference: `t-${invoice.id}` }, new Date());
  const [s] = await sql<{ id: number }>('select id from service where client_id = ?', [c!.id]);
  expect(await provisionService(t.em(), s!.id, t.config.APP_SECRET, () => new Date())).toBe('activated');
  const [mail] = await sql<{ id: number; html: string }>(`select id, html from mail_message where "to" = ?`, [email]);
  expect(await sendMail(t.em(), transport, Number(mail!.id), t.config.MAIL_FROM, new Date())).toBe('sent');
  const received = smtp.received.filter((m) => m.to.includes(email));
  expect(received).toHaveLength(1);
  return { serviceId: s!.id, stored: mail!.html, received: decoded(received[0]!.raw) };
}

beforeAll(async () => {
  t = await makeTestApp();
  smtp = await startSmtp();
  transport = smtpTransport(smtp.url);
  const { catalogId } = await seedBasics(t);
  // Only the welcome email is read here.
  await billingEmailsOff(t.em());
  owner = await staffClient(t);
  packageId = await makePackage(t, catalogId, 'Hardened VPS');
  await savePrice(t.em(), packageId, undefined, {
    name: 'Monthly',
    type: 'recurring',
    intervalCount: 1,
    period: 'month',
    currency: 'USD',
    price: '5',
  });
  const manual = await savePluginInstance(t.em(), undefined, { plugin: 'none', name: 'Manual', settings: {} }, t.config.APP_SECRET);
  await setPackageProvisioning(t.em(), packageId, { pluginInstanceId: manual.id, options: {} });
});
afterAll(async () => {
  transport.close();
  await smtp.close();
  await t.close();
});

describe('welcome email HTML with script, handlers and javascript: links', () => {
  it('is stored, previewed and delivered without them, and the three are the same markup', async () => {
    const saved = await owner.post(`/admin/packages/${packageId}/email`, {
      language: 'en',
      subject: 'Welcome',
      html: HOSTILE,
      text: 'Welcome {client.name}',
    });
    expect(saved.status).toBe(303);
    const [row] = await sql<{ html: string }>(`select html from welcome_email where package_id = ? and language = 'en'`, [packageId]);
    expectClean(row!.html);
    // What staff meant survives: the heading with its colour, the tags, the safe link.
    expect(row!.html).toBe(
      '<h1 style="color:#0055aa">Welcome {client.name}</h1><img src="https://cdn.example.com/x.png" /><a>Open the panel</a><a href="https://panel.example.com/">Panel</a><p style="color:#333333">Service #{service.id}</p>',
    );

    const page = await textOf(await owner.get(`/admin/packages/${packageId}/email?lang=en`));
    const preview = /<div class="preview-html"[^>]*>([\s\S]*?)<\/div>\s*<pre/.exec(page)?.[1];
    expectClean(preview!);
    // The preview carries the inline styles as data (the admin's CSP refuses style attributes).
    expect(preview).not.toContain(' style=');
    expect(asSent(preview!)).toBe(laidOut('Ada Lovelace', '1042'));

    const { serviceId, stored, received } = await deliverWelcome('hostile@example.com');
    expectClean(stored);
    expectClean(received);
    const expected = laidOut('Ada &lt;b&gt;Lovelace&lt;/b&gt;', String(serviceId));
    expect(stored).toBe(expected);
    expect(received).toContain(expected);
  });

  it('a template stored before sanitizing on save is still delivered clean', async () => {
    await sql(`update welcome_email set html = ? where package_id = ? and language = 'en'`, [HOSTILE, packageId]);
    const { stored, received } = await deliverWelcome('legacy@example.com');
    expectClean(stored);
    expectClean(received);
    expect(stored).toContain(`<h1 style="${H1}">Welcome Ada &lt;b&gt;Lovelace&lt;/b&gt;</h1>`);
  });

  it('a plugin value carrying a javascript: link is dropped when the tags are filled in', async () => {
    const { serviceId } = await deliverWelcome('plugin-value@example.com');
    await sql(`update welcome_email set html = '<a href="{panel.url}">Log in</a>' where package_id = ? and language = 'en'`, [packageId]);
    // As if the panel had answered create with { url: "javascript:..." }.
    await sql(`update service set plugin_data = ? where id = ?`, [
      JSON.stringify({ 'panel.url': 'javascript:alert(document.cookie)' }),
      serviceId,
    ]);
    await resendWelcomeEmail(t.em(), serviceId, 'owner', new Date());
    const mails = await sql<{ html: string }>(`select html from mail_message where "to" = 'plugin-value@example.com' order by id`);
    expect(mails.at(-1)!.html).toBe(`<div class="email-body" style="${BODY}"><a style="${LINK}">Log in</a></div>`);
  });
});
