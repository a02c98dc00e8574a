// A client's account as the dashboard and the service page read it, inserted with SQL: a service
// whose plugin returned some values (a password among them), its invoices (one paid, one unpaid
// and overdue), and some credit.
import type { TestApp } from './app.ts';

const exec = <T = Record<string, unknown>>(t: TestApp, query: string, params: unknown[] = []) =>
  t.orm.em.getConnection().execute<T[]>(query, params);

export const PLUGIN_DATA = {
  'webhook.username': 'ada-vps',
  'webhook.server': 'eu1.example.net',
  'webhook.root_password': 'hunter2-Secret!',
};

export async function addService(
  t: TestApp,
  clientId: number,
  packageId: number,
  opts: { status?: string; nextDueDate?: string | null; pluginData?: Record<string, string> } = {},
) {
  const [row] = await exec<{ id: number }>(
    t,
    `insert into service (client_id, package_id, status, next_due_date, plugin_data) values (?, ?, ?, ?, ?) returning id`,
    [
      clientId,
      packageId,
      opts.status ?? 'active',
      opts.nextDueDate === undefined ? '2027-02-15' : opts.nextDueDate,
      JSON.stringify(opts.pluginData ?? {}),
    ],
  );
  return row!.id;
}

/** An invoice of one line billing the service; `creditApplied` leaves the rest due. */
export async function addInvoice(
  t: TestApp,
  clientId: number,
  serviceId: number,
  opts: { status: 'unpaid' | 'paid' | 'draft' | 'void'; total: string; dueDate: string; createdAt: string; creditApplied?: string },
) {
  const [row] = await exec<{ id: number }>(
    t,
    `insert into invoice (client_id, status, currency, subtotal, tax, total, credit_applied, due_date, paid_at, created_at) values (?, ?, 'USD', ?, 0, ?, ?, ?, ?, ?) returning id`,
    [
      clientId,
      opts.status,
      opts.total,
      opts.total,
      opts.creditApplied ?? '0',
      opts.dueDate,
      opts.status === 'paid' ? opts.createdAt : null,
      opts.createdAt,
    ],
  );
  await exec(t, `insert into invoice_line (invoice_id, kind, description, amount, service_id) values (?, 'renewal', 'Hosting', ?, ?)`, [
    row!.id,
    opts.total,
    serviceId,
  ]);
  return row!.id;
}

export async function setCredit(t: TestApp, clientId: number, amount: string) {
  await exec(t, 'update client set credit_balance = ? where id = ?', [amount, clientId]);
}

/** One client's whole account: a running service with plugin data, an ended one, two invoices and credit. */
export async function seedAccount(t: TestApp, clientId: number, packageId: number) {
  const serviceId = await addService(t, clientId, packageId, { pluginData: PLUGIN_DATA });
  const endedId = await addService(t, clientId, packageId, { status: 'terminated', nextDueDate: null });
  const paidId = await addInvoice(t, clientId, serviceId, {
    status: 'paid',
    total: '12.00',
    dueDate: '2026-12-15',
    createdAt: '2026-12-01T10:00:00Z',
  });
  const unpaidId = await addInvoice(t, clientId, serviceId, {
    status: 'unpaid',
    total: '19.50',
    creditApplied: '2.00',
    dueDate: '2027-01-15',
    createdAt: '2027-01-01T10:00:00Z',
  });
  await setCredit(t, clientId, '7.2500');
  return { serviceId, endedId, paidId, unpaidId };
}

/** An email to the client, asked for at `at` ('sent' unless told). */
export async function addMessage(t: TestApp, clientId: number, subject: string, at: string, status = 'sent') {
  await exec(
    t,
    `insert into mail_message (dedupe_key, client_id, kind, "to", subject, html, text, status, created_at) values (?, ?, 'other', 'client@example.com', ?, '', '', ?, ?)`,
    [`test-${clientId}-${subject}-${at}`, clientId, subject, status, at],
  );
}
