import type { EntityManager } from '@mikro-orm/postgresql';
import { db } from '../../db/database.ts';
import { fieldValues } from '../plugins/rules/field-spec.ts';
import type { TransferAsk } from '../invoicing/transfer-details.ts';
import { manualGateway, transferText } from './gateways/manual.ts';

/** What a bank transfer of this invoice is made to, as its page shows it; null when the page offers no transfer. */
export async function transferDetailsFor(em: EntityManager, ask: TransferAsk): Promise<string | null> {
  const row = await db(em)
    .selectFrom('payment_gateway')
    .select(['enabled', 'currencies', 'settings'])
    .where('key', '=', manualGateway.key)
    .executeTakeFirst();
  if (!row?.enabled || !(manualGateway.accepts?.(ask) ?? true)) return null;
  if (row.currencies.length && !row.currencies.includes(ask.currency)) return null;
  return transferText(fieldValues(row.settings), ask.sellerBankDetails).trim() || null;
}
