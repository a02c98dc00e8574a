import { sql, type RawBuilder } from 'kysely';

/**
 * The tax in a credit note `n` against its invoice `i`, as its PDF prints it (creditNoteTax in
 * invoicing's invoice-document.ts): the invoice's share of tax in its total, to 4 decimals, then
 * to the currency's smallest unit. The reports take it from here, so they add up what the
 * documents say.
 */
export const CREDIT_NOTE_TAX: RawBuilder<string> = sql<string>`(case when i.total = 0 then 0
  else round(round(n.amount * i.tax / i.total, 4), coalesce((select cur.minor_units from currency cur where cur.code = n.currency), 2)) end)`;
