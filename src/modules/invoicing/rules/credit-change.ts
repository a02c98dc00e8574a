import { z } from 'zod';
import { money, text } from '../../shared/fields.ts';
import { fromDecimalString, MAX_UNITS, toDecimalString } from '../../shared/money.ts';

// What staff type to add credit to a client's balance or take some back. Pure.

export const creditChangeInput = z.object({
  amount: money.refine((v) => fromDecimalString(v) > 0n, 'Enter an amount more than zero.'),
  reason: text('a reason', 200),
});

/** Why the balance cannot take `amount` more, or null when it can. */
export function addedPastMax(balance: string, amount: string): string | null {
  const room = MAX_UNITS - fromDecimalString(balance);
  return fromDecimalString(amount) > room ? `The balance can take at most ${toDecimalString(room < 0n ? 0n : room)} more.` : null;
}
