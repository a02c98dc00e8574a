import type { EntityManager } from '@mikro-orm/postgresql';
import { db } from '../../db/database.ts';
import { checkAvailability, type StaffOrder } from '../checkout/check-availability.ts';
import { placeOrder } from '../checkout/place-order.ts';
import { loadOrderContext } from '../orders/load-order-context.ts';
import { quoteLines, type QuoteLineInput } from '../orders/quote-lines.ts';
import type { OrderLineInput } from '../orders/orders.schemas.ts';
import { priceSnapshotOf } from '../pricing/rules/price-snapshot.ts';
import { calendarDateOf } from '../shared/dates.ts';
import { decimalsProblem, fromDecimalString } from '../shared/money.ts';
import { DomainError, NotFound } from '../shared/errors.ts';
import { parseInput } from '../shared/validation.ts';
import { createServicesForOrder } from './create-services-for-order.ts';
import { packageAccountFields } from './package-account-fields.ts';
import { nextDueProblem, unbilledStart } from './rules/staff-start.ts';
import { addServiceInput, type AddServiceInput, type StartMode } from './staff-service.schemas.ts';

export interface AddedService {
  start: StartMode;
  orderId: number;
  /** The order's invoice ("invoice now"); null when the service started without one. */
  invoiceId: number | null;
  /** The services made now (the package's, then its add-ons'); "invoice now" makes them when the invoice is paid. */
  serviceIds: number[];
}

/** The order lines of staff's choice: the package, then each add-on of it. */
function linesOf(input: AddServiceInput): OrderLineInput[] {
  const main = {
    packageId: input.packageId,
    priceName: input.priceName,
    optionIds: input.optionIds,
    optionQuantities: input.optionQuantities,
    optionTexts: input.optionTexts,
    quantity: input.quantity,
  };
  return [main, ...input.addons.map((a) => ({ ...a, parentLine: 0 }))];
}

/** A refusal keyed by the staff form's fields: the package's own plainly, an add-on's as `addons.N.field`. */
function staffFields(err: unknown): unknown {
  if (!(err instanceof DomainError)) return err;
  const fields = Object.fromEntries(
    Object.entries(err.fields).map(([k, v]) => {
      const m = /^lines\.(\d+)\.(.+)$/.exec(k);
      if (!m) return [k, v];
      return [Number(m[1]) === 0 ? m[2]! : `addons.${Number(m[1]) - 1}.${m[2]}`, v];
    }),
  );
  return new DomainError(err.message, Object.keys(fields)[0], fields);
}

/**
 * Staff add a package to a client (DOMAIN.md "Staff-added services"): in any status and off the
 * allow-list, with its options, add-ons and an optional custom price, started one of three ways:
 * - invoice now: the ordinary order (reservation, invoice; services when it is paid);
 * - activate now: services created and provisioned at once, no invoice, renewing on the date
 *   staff chose (the days before it are not billed);
 * - existing: an account that already exists on a server, recorded active at once with the
 *   plugin fields staff entered, never sent to the plugin's `create`.
 * Stock and per-user limits hold unless staff tick the override; the order records who placed it
 * and whether they overrode them.
 */
export async function addServiceForClient(
  em: EntityManager,
  clientId: number,
  raw: unknown,
  ctx: { actor: string; now: Date },
): Promise<AddedService> {
  const client =
    Number.isSafeInteger(clientId) && clientId > 0
      ? await db(em)
          .selectFrom('client')
          .select(['id', 'country', 'vat_id as vatId', 'currency'])
          .where('id', '=', clientId)
          .executeTakeFirst()
      : undefined;
  if (!client) throw new NotFound('That client');
  const input = parseInput(addServiceInput, raw);
  // A custom price is what the client pays each term: no finer than the order currency's smallest
  // unit (0.001 USD would invoice nothing and start the service free). Said before stock or limits.
  if (input.customPrice !== undefined) {
    const { currency } = await loadOrderContext(em, { currency: input.currency ?? client.currency });
    const problem = decimalsProblem(fromDecimalString(input.customPrice), currency);
    if (problem) throw new DomainError(problem, 'customPrice');
  }
  const staff: StaffOrder & { customPrice?: string } = {
    placedBy: ctx.actor,
    overrideLimits: input.overrideLimits,
    customPrice: input.customPrice,
  };
  const lines = linesOf(input);
  const single = lines.length === 1;
  if (input.start === 'invoice') {
    const shown = { clientId, currency: input.currency, expectedTotal: input.expectedTotal };
    const body = single ? { ...shown, ...lines[0] } : { ...shown, lines };
    const { order, invoice } = await placeOrder(em, body, ctx.now, staff).catch((err: unknown) => {
      throw staffFields(err);
    });
    const started =
      invoice.status === 'paid'
        ? await db(em)
            .selectFrom('service as s')
            .innerJoin('order_line as l', 'l.id', 's.order_line_id')
            .select('s.id')
            .where('l.order_id', '=', order.id)
            .orderBy('s.id')
            .execute()
        : [];
    return { start: input.start, orderId: order.id, invoiceId: invoice.id, serviceIds: started.map((s) => s.id) };
  }
  return startWithoutInvoice(em, client, input, lines, staff, ctx.now);
}

async function startWithoutInvoice(
  em: EntityManager,
  client: { id: number; country: string | null; vatId: string | null; currency: string | null },
  input: AddServiceInput,
  lines: OrderLineInput[],
  staff: StaffOrder & { customPrice?: string },
  now: Date,
): Promise<AddedService> {
  const today = calendarDateOf(now);
  const quoted: QuoteLineInput[] = lines.map((l, i) =>
    i === 0 && staff.customPrice !== undefined ? { ...l, customPrice: staff.customPrice } : l,
  );
  const priced = await quoteLines(em, client, quoted, { currency: input.currency, today, single: lines.length === 1 }).catch(
    (err: unknown) => {
      throw staffFields(err);
    },
  );
  const main = priced.lines[0]!;
  const recurring = main.price?.type === 'recurring';
  const dueProblem = nextDueProblem(today, input.nextDueDate, recurring);
  if (dueProblem) throw new DomainError(dueProblem, 'nextDueDate');
  const nextDue = recurring ? input.nextDueDate! : null;
  let pluginData: Record<string, string> = {};
  if (input.start === 'existing') {
    if (input.quantity !== 1) throw new DomainError('Record one existing account at a time.', 'quantity');
    const known = new Set((await packageAccountFields(em, main.pkg.id)).map((f) => f.name));
    const stray = Object.keys(input.pluginData).find((k) => !known.has(k));
    if (stray)
      throw new DomainError(
        known.size
          ? `This package’s plugin has no field “${stray}”; use ${[...known].join(', ')}.`
          : 'This package’s plugin stores no fields.',
        `pluginData.${stray}`,
      );
    pluginData = Object.fromEntries(Object.entries(input.pluginData).filter(([, v]) => v !== ''));
  }

  return em.transactional(async (tx) => {
    const q = db(tx);
    await q.selectFrom('client').select('id').where('id', '=', client.id).forUpdate().execute();
    await checkAvailability(tx, client.id, priced.lines, now, lines.length === 1, staff).catch((err: unknown) => {
      throw staffFields(err);
    });
    // NOTE: an order with no invoice, paid at once, keeps the history in one place (orders list,
    // who placed it) and lets createServicesForOrder make the services exactly once.
    const { id: orderId } = await q
      .insertInto('client_order')
      .values({
        client_id: client.id,
        status: 'paid',
        currency: priced.currency,
        expires_at: now,
        paid_at: now,
        created_at: now,
        placed_by: staff.placedBy,
        limits_overridden: staff.overrideLimits,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const lineIds: number[] = [];
    for (const l of priced.lines) {
      const snapshot = priceSnapshotOf({
        priceName: l.input.priceName,
        optionIds: l.input.optionIds,
        optionQuantities: l.input.optionQuantities,
        optionTexts: l.input.optionTexts,
        price: l.price ?? null,
        quote: unbilledStart(l.quote, today, nextDue),
        customPrice: l.input.customPrice,
        unbilledUntil: nextDue ?? undefined,
      });
      const row = await q
        .insertInto('order_line')
        .values({
          order_id: orderId,
          package_id: l.pkg.id,
          price_id: l.price?.id ?? null,
          parent_line_id: l.input.parentLine === undefined ? null : lineIds[l.input.parentLine]!,
          quantity: l.quantity,
          snapshot,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      lineIds.push(row.id);
    }
    const serviceIds = await createServicesForOrder(tx, orderId, now, input.start === 'existing' ? { existing: { pluginData } } : {});
    return { start: input.start, orderId, invoiceId: null, serviceIds };
  });
}
