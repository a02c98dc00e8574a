import type { EntityManager } from '@mikro-orm/postgresql';
import { provisionServiceLater } from '../../queue/jobs.ts';

/**
 * One pending service per unit ordered, each with its provisioning recorded in the outbox. A
 * price that ends with its term sets the service's end date at once (it never renews).
 * NOTE: (order_line_id, unit_index) is unique and inserts skip conflicts, so running this twice
 * creates nothing more.
 */
export async function createServicesForOrder(tx: EntityManager, orderId: number, now: Date): Promise<number[]> {
  const conn = tx.getConnection();
  const ctx = tx.getTransactionContext();
  const lines = await conn.execute<{ id: number; package_id: number; price_id: number | null; quantity: number; snapshot: { price?: { cancelAtEndOfTerm?: boolean } | null; quote?: { anchorDay?: number | null; firstRenewalDate?: string | null; periodStart?: string } }; client_id: number; invoice_id: number | null }[]>(
    `select l.id, l.package_id, l.price_id, l.quantity, l.snapshot, o.client_id, i.id as invoice_id
       from order_line l join client_order o on o.id = l.order_id left join invoice i on i.order_id = o.id where l.order_id = ?`,
    [orderId],
    'all',
    ctx,
  );
  const created: number[] = [];
  for (const line of lines) {
    const firstRenewal = line.snapshot.quote?.firstRenewalDate ?? null;
    // NOTE: a price marked "cancel at end of term" ends every service of it when its first term does.
    const cancelAt = line.snapshot.price?.cancelAtEndOfTerm ? firstRenewal : null;
    for (let unit = 0; unit < line.quantity; unit++) {
      const rows = await conn.execute<{ id: number }[]>(
        `insert into service (client_id, package_id, price_id, status, price_snapshot, anchor_day, next_due_date, cancel_at, order_line_id, unit_index, created_at, updated_at)
         values (?, ?, ?, 'pending', ?, ?, ?, ?, ?, ?, ?, ?) on conflict (order_line_id, unit_index) do nothing returning id`,
        [line.client_id, line.package_id, line.price_id, JSON.stringify(line.snapshot), line.snapshot.quote?.anchorDay ?? null, firstRenewal, cancelAt, line.id, unit, now, now],
        'all',
        ctx,
      );
      const id = rows[0]?.id;
      if (id === undefined) continue;
      created.push(id);
      await conn.execute(`insert into service_event (service_id, from_status, to_status, note, actor, created_at) values (?, null, 'pending', 'Created by payment of order #' || ? || ?, 'system', ?)`, [id, orderId, cancelAt ? `; ends with its term on ${cancelAt}.` : '', now], 'run', ctx);
      const quote = line.snapshot.quote;
      if (quote?.periodStart && quote.firstRenewalDate) {
        // The first period, paid by the order's invoice, opens the service's ledger.
        await conn.execute(
          'insert into service_period (service_id, period_start, period_end, invoice_id, paid_at) values (?, ?, ?, ?, ?) on conflict do nothing',
          [id, quote.periodStart, quote.firstRenewalDate, line.invoice_id, now],
          'run',
          ctx,
        );
      }
      await provisionServiceLater(tx, { serviceId: id });
    }
  }
  return created;
}
