import { fromDecimalString, SCALE, toDecimalString, type Units } from '../../shared/money.ts';

// Gateways count money in the currency's minor unit (cents); we keep 4 decimals.

/** A 4-decimal amount as whole minor units; refuses an amount finer than the currency allows. */
export function toMinorUnits(amount: string, minorUnits: number): number {
  const units: Units = fromDecimalString(amount);
  const step = 10n ** BigInt(SCALE - minorUnits);
  if (units % step !== 0n) throw new RangeError(`${amount} is finer than the currency's ${minorUnits} decimals.`);
  return Number(units / step);
}

export function fromMinorUnits(minor: number, minorUnits: number): string {
  return toDecimalString(BigInt(minor) * 10n ** BigInt(SCALE - minorUnits));
}
