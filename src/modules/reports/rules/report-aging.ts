/** The age buckets of an unpaid invoice, by whole days past its due date. */
export const AGE_BUCKETS = ['0-30', '31-60', '61-90', '90+'] as const;
export type AgeBucket = (typeof AGE_BUCKETS)[number];

/** Days past due → bucket; an invoice not yet due is not outstanding-late and has no bucket. */
export function ageBucket(daysPastDue: number): AgeBucket | null {
  if (daysPastDue < 0) return null;
  if (daysPastDue <= 30) return '0-30';
  if (daysPastDue <= 60) return '31-60';
  if (daysPastDue <= 90) return '61-90';
  return '90+';
}

/** A currency filter: empty means all; otherwise three capital letters. */
export function parseCurrencyFilter(raw: string | undefined): { ok: true; value: string | null } | { ok: false; error: string } {
  const v = (raw ?? '').trim();
  if (!v) return { ok: true, value: null };
  if (!/^[A-Z]{3}$/.test(v)) return { ok: false, error: 'Choose a currency code of three capital letters, like USD.' };
  return { ok: true, value: v };
}
