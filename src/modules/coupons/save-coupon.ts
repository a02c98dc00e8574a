import type { EntityManager } from '@mikro-orm/postgresql';
import { db } from '../../db/database.ts';
import { DomainError, NotFound } from '../shared/errors.ts';
import { parseInput } from '../shared/validation.ts';
import { decimalsProblem, fromDecimalString } from '../shared/money.ts';
import { isUniqueTaken } from '../shared/unique-taken.ts';
import { couponInput, type CouponInput } from './coupons.schemas.ts';
import { loadCoupons } from './load-coupons.ts';

/** What a stored coupon reads as in the input's shape, so a partial update (API PATCH) keeps the rest. */
async function storedInput(em: EntityManager, id: number): Promise<Record<string, unknown>> {
  const [c] = await loadCoupons(em, { ids: [id] });
  if (!c) throw new NotFound('That coupon');
  const { id: _, uses: __, ...rest } = c;
  return {
    ...rest,
    startsOn: c.startsOn ?? undefined,
    endsOn: c.endsOn ?? undefined,
    cycles: c.cycles ?? undefined,
    maxUses: c.maxUses ?? undefined,
    maxUsesPerClient: c.maxUsesPerClient ?? undefined,
  };
}

const CODE_TAKEN = 'Another coupon has that code.';

/**
 * Creates a coupon (no id) or updates one; on update, fields left out keep their stored values.
 * The code is unique whatever its case; currencies must be the store's.
 * NOTE: the stored values are read under the coupon's row lock, so a partial update (an API
 * PATCH of its limit) never writes back an `active` or an end date another change committed
 * while it ran: a coupon switched off meanwhile stays off.
 */
export async function saveCoupon(em: EntityManager, id: number | undefined, raw: unknown): Promise<{ id: number }> {
  try {
    return await em.transactional(async (tx) => {
      if (id !== undefined && !(await db(tx).selectFrom('coupon').select('id').where('id', '=', id).forUpdate().executeTakeFirst()))
        throw new NotFound('That coupon');
      const base = id === undefined ? {} : await storedInput(tx, id);
      const input: CouponInput = parseInput(couponInput, { ...base, ...(raw && typeof raw === 'object' ? raw : {}) });
      return store(tx, id, input);
    });
  } catch (err) {
    // Two coupons given one code at once both found it free: the unique key decides.
    if (isUniqueTaken(err, 'coupon_code_unique')) throw new DomainError(CODE_TAKEN, 'code');
    throw err;
  }
}

/** Writes the coupon, in the caller's transaction (its row locked, on update). */
async function store(tx: EntityManager, id: number | undefined, input: CouponInput): Promise<{ id: number }> {
  const q = db(tx);
  const known = new Map((await q.selectFrom('currency').select(['code', 'minor_units']).execute()).map((r) => [r.code, r.minor_units]));
  const stray = Object.keys(input.amounts).find((c) => !known.has(c));
  if (stray) throw new DomainError(`${stray} is not one of the store's currencies.`, `amounts.${stray}`);
  // An amount off is money that changes hands: no finer than the currency's smallest unit (no half yen).
  for (const [code, amount] of Object.entries(input.amounts)) {
    const problem = decimalsProblem(fromDecimalString(amount), { code, minorUnits: known.get(code)! });
    if (problem) throw new DomainError(problem, `amounts.${code}`);
  }
  const ids = [...new Set(input.packageIds)];
  if (ids.length && (await q.selectFrom('package').select('id').where('id', 'in', ids).execute()).length !== ids.length)
    throw new DomainError('Choose packages that exist.', 'packageIds');
  const taken = await q
    .selectFrom('coupon')
    .select('id')
    .where('code', '=', input.code)
    .$if(id !== undefined, (qb) => qb.where('id', '<>', id!))
    .executeTakeFirst();
  if (taken) throw new DomainError(CODE_TAKEN, 'code');
  const row = {
    code: input.code,
    kind: input.kind,
    percent: input.kind === 'percent' ? input.percent : null,
    duration: input.duration,
    cycles: input.duration === 'cycles' ? input.cycles! : null,
    starts_on: input.startsOn ?? null,
    ends_on: input.endsOn ?? null,
    max_uses: input.maxUses ?? null,
    max_uses_per_client: input.maxUsesPerClient ?? null,
    for_orders: input.forOrders,
    for_changes: input.forChanges,
    active: input.active,
    updated_at: new Date(),
  };
  let couponId: number;
  if (id === undefined) {
    couponId = (await q.insertInto('coupon').values(row).returning('id').executeTakeFirstOrThrow()).id;
  } else {
    couponId = id;
    // NOTE: the row is locked, so a limit lowered under the count checks against the count as it is.
    const current = await q.selectFrom('coupon').select('uses').where('id', '=', id).forUpdate().executeTakeFirst();
    if (!current) throw new NotFound('That coupon');
    if (row.max_uses !== null && row.max_uses < current.uses)
      throw new DomainError(`It has been used ${current.uses} times already; allow at least that many.`, 'maxUses');
    await q.updateTable('coupon').set(row).where('id', '=', id).execute();
    await q.deleteFrom('coupon_amount').where('coupon_id', '=', id).execute();
    await q.deleteFrom('coupon_package').where('coupon_id', '=', id).execute();
  }
  const amounts = input.kind === 'fixed' ? Object.entries(input.amounts) : [];
  if (amounts.length)
    await q
      .insertInto('coupon_amount')
      .values(amounts.map(([currency, amount]) => ({ coupon_id: couponId, currency, amount })))
      .execute();
  if (ids.length)
    await q
      .insertInto('coupon_package')
      .values(ids.map((package_id) => ({ coupon_id: couponId, package_id })))
      .execute();
  return { id: couponId };
}
