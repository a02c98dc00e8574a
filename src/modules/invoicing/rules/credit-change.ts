import { z } from 'zod';
import { money, text } from '../../shared/fields.ts';
import { fromDecimalString, toDecimalString, type Units } from '../../shared/money.ts';

// What staff type to add credit to a client's balance or take some back. Pure.

/** numeric(19,4): the largest balance a client can hold, in units. */
export const MAX_BALANCE: Units = 10n ** 19n - 1n;

export const creditChangeInput = z.object({
  amount: money.refine((v) => fromDecimalString(v) > 0n, 'Enter an amount more than zero.'),
  reason: text('a reason', 200),
});

/** Why the balance cannot take `amount` more, or null when it can. */
export function addedPastMax(balance: string, amount: string): string | null {
  const room = MAX_BALANCE - fromDecimalString(balance);
  return fromDecimalString(amount) > room ? `The balance can take at most ${toDecimalString(room < 0n ? 0n : room)} more.` : null;
}
