import type { EntityManager } from '@mikro-orm/postgresql';

export interface OpenRenewal {
  invoiceId: number;
  dueDate: string;
  serviceId: number;
}

/**
 * Before services end (inside the caller's transaction): locks their unpaid renewal invoices,
 * then the clients involved, then the services (these ones and every other one those invoices
 * bill, which a shared invoice billed again moves back), each in id order, and returns the
 * renewal lines still open.
 * NOTE: the order is the one payments take (invoice, then client, then services) and billing
 * batches take (client, then services), so ending services can never deadlock with either, and
 * nothing the caller changes afterwards takes a lock out of that order. A payment holding one of
 * these invoices is waited for, and the rows returned are as it left them: an invoice paid
 * meanwhile is no longer here.
 */
export async function lockForEnding(tx: EntityManager, serviceIds: readonly number[]): Promise<OpenRenewal[]> {
  if (!serviceIds.length) return [];
  const conn = tx.getConnection();
  const ctx = tx.getTransactionContext();
  const ids = `{${serviceIds.join(',')}}`;
  const rows = await conn.execute<{ invoice_id: number; due_date: string; service_id: number }[]>(
    `select i.id as invoice_id, i.due_date::text as due_date, l.service_id from invoice i join invoice_line l on l.invoice_id = i.id
      where l.service_id = any(?::int[]) and l.kind = 'renewal' and i.status = 'unpaid'
      order by i.id, l.service_id for update of i`,
    [ids],
    'all',
    ctx,
  );
  const invoiceIds = `{${[...new Set(rows.map((r) => r.invoice_id))].join(',')}}`;
  await conn.execute(
    `select c.id from client c
      where c.id in (select client_id from service where id = any(?::int[]) union select client_id from invoice where id = any(?::int[]))
      order by c.id for update of c`,
    [ids, invoiceIds],
    'all',
    ctx,
  );
  await conn.execute(
    `select s.id from service s
      where s.id = any(?::int[]) or s.id in (select l.service_id from invoice_line l where l.invoice_id = any(?::int[]) and l.kind = 'renewal')
      order by s.id for update of s`,
    [ids, invoiceIds],
    'all',
    ctx,
  );
  return rows.map((r) => ({ invoiceId: r.invoice_id, dueDate: r.due_date, serviceId: r.service_id }));
}
