import type { EntityManager } from '@mikro-orm/postgresql';
import { db } from '../../db/database.ts';
import { provisionServiceLater } from '../../queue/jobs.ts';
import { parsePriceSnapshot } from '../pricing/rules/price-snapshot.ts';

/**
 * One pending service per unit ordered, each with its provisioning recorded in the outbox. A
 * price that ends with its term sets the service's end date at once (it never renews).
 * `existing`: staff recorded an account that already exists: the services are active at once
 * with the plugin fields staff entered (the package's own; its add-ons' are empty), and nothing
 * is sent to the plugin.
 * NOTE: (order_line_id, unit_index) is unique and inserts skip conflicts, so running this twice
 * creates nothing more.
 */
export async function createServicesForOrder(
  tx: EntityManager,
  orderId: number,
  now: Date,
  opts: { existing?: { pluginData: Record<string, string> } } = {},
): Promise<number[]> {
  const q = db(tx);
  const lines = await q
    .selectFrom('order_line as l')
    .innerJoin('client_order as o', 'o.id', 'l.order_id')
    .leftJoin('invoice as i', 'i.order_id', 'o.id')
    .select([
      'l.id',
      'l.package_id',
      'l.price_id',
      'l.parent_service_id',
      'l.parent_line_id',
      'l.quantity',
      'l.snapshot',
      'o.client_id',
      'o.placed_by',
      'o.limits_overridden',
      'i.id as invoice_id',
    ])
    .where('l.order_id', '=', orderId)
    // Parents first: an add-on line comes after the line it belongs to.
    .orderBy('l.id')
    .execute();
  const ended = await endedParents(
    tx,
    lines.flatMap((l) => (l.parent_service_id === null ? [] : [l.parent_service_id])),
  );
  const created: number[] = [];
  for (const line of lines) {
    const snapshot = parsePriceSnapshot(line.snapshot);
    const firstRenewal = snapshot.quote?.firstRenewalDate ?? null;
    // NOTE: a price marked "cancel at end of term" ends every service of it when its first term does.
    const cancelAt = snapshot.price?.cancelAtEndOfTerm ? firstRenewal : null;
    const parentOf = await parentsFor(tx, line, lines);
    // NOTE: a running service that ended between the add-on's order and its payment takes no add-on:
    // it is recorded cancelled (never provisioned, never billed) for staff to refund.
    const orphaned = line.parent_service_id !== null && ended.has(line.parent_service_id);
    const status = orphaned ? 'cancelled' : opts.existing ? 'active' : 'pending';
    const existing = opts.existing && !orphaned;
    for (let unit = 0; unit < line.quantity; unit++) {
      const row = await q
        .insertInto('service')
        .values({
          client_id: line.client_id,
          package_id: line.package_id,
          price_id: line.price_id,
          parent_id: parentOf(unit),
          status,
          price_snapshot: line.snapshot,
          anchor_day: snapshot.quote?.anchorDay ?? null,
          next_due_date: firstRenewal,
          cancel_at: cancelAt,
          provisioned_at: existing ? now : null,
          plugin_data: existing && line.parent_line_id === null ? opts.existing!.pluginData : {},
          order_line_id: line.id,
          unit_index: unit,
          created_at: now,
          updated_at: now,
        })
        .onConflict((oc) => oc.columns(['order_line_id', 'unit_index']).doNothing())
        .returning('id')
        .executeTakeFirst();
      if (!row) continue;
      const id = row.id;
      created.push(id);
      const addon = parentOf(unit) ? `; an add-on of service #${parentOf(unit)}, renewing with it` : '';
      const note = orphaned
        ? `Not started: order #${orderId} was paid after its parent service #${line.parent_service_id} had ended; the payment is to be refunded.`
        : `${startNote(orderId, line, existing ?? false, snapshot.customPrice)}${addon}${cancelAt ? `; ends with its term on ${cancelAt}` : ''}.`;
      await q
        .insertInto('service_event')
        .values({
          service_id: id,
          from_status: null,
          to_status: status,
          note: note.slice(0, 500),
          actor: line.placed_by ?? 'system',
          created_at: now,
        })
        .execute();
      if (orphaned) continue;
      const quote = snapshot.quote;
      if (quote?.periodStart && quote.firstRenewalDate) {
        // The first period, paid by the order's invoice, opens the service's ledger.
        await q
          .insertInto('service_period')
          .values({
            service_id: id,
            period_start: quote.periodStart,
            period_end: quote.firstRenewalDate,
            invoice_id: line.invoice_id,
            paid_at: now,
          })
          .onConflict((oc) => oc.doNothing())
          .execute();
      }
      // An existing account is already on its server: nothing to create there.
      if (!existing) await provisionServiceLater(tx, { serviceId: id });
    }
  }
  return created;
}

/** How the service came to be, for its history: a client's paid order, or what staff did. */
function startNote(
  orderId: number,
  line: { invoice_id: number | null; placed_by: string | null; limits_overridden: boolean },
  existing: boolean,
  customPrice: string | undefined,
): string {
  const how = existing
    ? `Recorded as an existing account (order #${orderId}), not sent to the plugin`
    : line.placed_by && line.invoice_id === null
      ? `Activated by staff without an invoice (order #${orderId}); the first period is not billed`
      : `Created by payment of order #${orderId}`;
  const extras = [
    line.placed_by ? `added by ${line.placed_by}` : '',
    customPrice ? `custom price ${customPrice}` : '',
    line.limits_overridden ? 'stock and per-user limits overridden by staff' : '',
  ].filter(Boolean);
  return extras.length ? `${how}; ${extras.join('; ')}` : how;
}

/**
 * Which service each unit of a line is an add-on of: the running service it was ordered for, or,
 * for an add-on of another line of the order, that line's services in turn (each gets its share:
 * 2 VPS with one backup each are backups 0 and 1 of VPS 0 and 1).
 * NOTE: read back from the table, so a second run (which creates nothing) maps the same way.
 */
async function parentsFor(
  tx: EntityManager,
  line: { parent_service_id: number | null; parent_line_id: number | null; quantity: number },
  lines: readonly { id: number; quantity: number }[],
) {
  if (line.parent_service_id !== null) return () => line.parent_service_id;
  if (line.parent_line_id === null) return () => null;
  const of = lines.find((l) => l.id === line.parent_line_id);
  const parents = await db(tx)
    .selectFrom('service')
    .select('id')
    .where('order_line_id', '=', line.parent_line_id)
    .orderBy('unit_index')
    .execute();
  if (!of || parents.length !== of.quantity)
    throw new Error(`Order line ${line.parent_line_id} has ${parents.length} services, not ${of?.quantity}.`);
  const perParent = line.quantity / of.quantity;
  return (unit: number) => parents[Math.floor(unit / perParent)]!.id;
}

/**
 * Which of these running services have ended (terminated or cancelled): the parents of an order's
 * add-on lines.
 * NOTE: read under a share lock of each parent's row until the transaction ends, which an ending
 * (lockForEnding, the sweeps) must wait for: an ending that went first is seen here, and one that
 * comes after finds the new add-on and ends it with the parent. Read unlocked, an add-on paid while
 * its parent was being terminated started under the terminated parent, provisioned and billed.
 * Locks are taken in the order endings take them: the clients' rows first (a key share, which is
 * what the new add-on's foreign key needs anyway, so an ending holding a client waits for nobody
 * here), then the parents, all at once in id order, as the sweeps lock services.
 */
async function endedParents(tx: EntityManager, parentIds: readonly number[]): Promise<Set<number>> {
  if (!parentIds.length) return new Set();
  const ids = [...new Set(parentIds)].sort((a, b) => a - b);
  const q = db(tx);
  await q
    .selectFrom('client')
    .select('id')
    .where('id', 'in', (eb) => eb.selectFrom('service').select('client_id').where('id', 'in', ids))
    .orderBy('id')
    .forKeyShare()
    .execute();
  const rows = await q.selectFrom('service').select(['id', 'status']).where('id', 'in', ids).orderBy('id').forShare().execute();
  const live = new Set(rows.filter((r) => r.status !== 'terminated' && r.status !== 'cancelled').map((r) => r.id));
  return new Set(ids.filter((id) => !live.has(id)));
}
