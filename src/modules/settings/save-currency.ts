import type { EntityManager } from '@mikro-orm/postgresql';
import { LockMode } from '@mikro-orm/core';
import { Currency } from './settings.entities.ts';
import { currencyInput } from './settings.schemas.ts';
import { DomainError, NotFound, Conflict } from '../shared/errors.ts';
import { parseInput } from '../shared/validation.ts';
import { countAll, db } from '../../db/database.ts';
import { lockDefaultChoice } from './lock-default-choice.ts';

/**
 * Adds or edits a currency. Making one the default sets its rate to 1 and leaves the others'
 * rates for staff to review (they were relative to the old default).
 * NOTE: two saves run one after the other (lockDefaultChoice), or two made the default at once
 * would both stay the default.
 */
export async function saveCurrency(em: EntityManager, raw: unknown) {
  return (await writeCurrency(em, raw, false))!;
}

/**
 * saveCurrency for a code not stored yet: null when it is. Checked under the same locks, so of
 * two adding one code at once the second finds the first's row and adds nothing.
 */
export function addCurrency(em: EntityManager, raw: unknown) {
  return writeCurrency(em, raw, true);
}

async function writeCurrency(em: EntityManager, raw: unknown, onlyNew: boolean) {
  const input = parseInput(currencyInput, raw);
  return em.transactional(async (tx) => {
    await lockDefaultChoice(tx, 'currency');
    const existing = await tx.findOne(Currency, { code: input.code });
    if (existing && onlyNew) return null;
    const count = await tx.count(Currency, {});
    const isDefault = input.isDefault || count === 0;
    if (isDefault) {
      if (input.rate !== '1' && !/^1(\.0+)?$/.test(input.rate) && input.isDefault) {
        throw new DomainError('The default currency has a rate of 1.', 'rate');
      }
      await tx.nativeUpdate(Currency, { isDefault: true, code: { $ne: input.code } }, { isDefault: false });
    } else if (existing?.isDefault) {
      throw new DomainError('Choose another default currency first.', 'isDefault');
    }
    if (existing && existing.minorUnits !== input.minorUnits) await assertNoAmountsIn(tx, existing);
    const fields = { ...input, rate: isDefault ? '1' : input.rate, isDefault };
    return existing ? tx.assign(existing, fields) : tx.create(Currency, { ...fields, position: count + 1 });
  });
}

/**
 * A currency's decimals are how every amount in it is rounded and shown: once an invoice or a
 * credit move is in it, changing them would round issued totals anew and show stored amounts
 * with digits they were never rounded to.
 */
async function assertNoAmountsIn(tx: EntityManager, currency: { code: string; minorUnits: number }) {
  const q = db(tx);
  const used = await q
    .selectFrom('invoice')
    .select('id')
    .where('currency', '=', currency.code)
    .union(q.selectFrom('credit_entry').select('id').where('currency', '=', currency.code))
    .limit(1)
    .executeTakeFirst();
  if (used)
    throw new DomainError(
      `Amounts are already stored in ${currency.code} with ${currency.minorUnits} decimal${currency.minorUnits === 1 ? '' : 's'}; they cannot change now.`,
      'minorUnits',
    );
}

/** Removes a currency no price uses. NOTE: its row is locked before the prices are counted (see assertKnownCurrency). */
export async function removeCurrency(em: EntityManager, code: string) {
  await em.transactional(async (tx) => {
    const row = await tx.findOne(Currency, { code }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!row) throw new NotFound('That currency');
    if (row.isDefault) throw new Conflict('The default currency cannot be removed.');
    const q = db(tx);
    const prices = await q.selectFrom('package_price').select(countAll().as('n')).where('currency', '=', code).executeTakeFirstOrThrow();
    const options = await q
      .selectFrom('variant_option_price')
      .select(countAll().as('n'))
      .where('currency', '=', code)
      .executeTakeFirstOrThrow();
    const own = await q
      .selectFrom('package_option_price')
      .select(countAll().as('n'))
      .where('currency', '=', code)
      .executeTakeFirstOrThrow();
    const n = prices.n + options.n + own.n;
    if (n > 0) throw new Conflict(`${n} price${n === 1 ? ' uses' : 's use'} ${code}; remove ${n === 1 ? 'it' : 'them'} first.`);
    tx.remove(row);
  });
}
