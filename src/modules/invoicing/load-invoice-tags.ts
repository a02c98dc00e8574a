import type { EntityManager } from '@mikro-orm/postgresql';
import { sql } from 'kysely';
import { db } from '../../db/database.ts';
import { invoiceUrl } from '../notices/public-url.ts';
import { fromDecimalString } from '../shared/money.ts';
import { formatMoneyIn } from '../../i18n/format.ts';
import { dayTag, perLanguage } from '../notices/tag-values.ts';
import type { TagValue } from '../notices/render-client-message.ts';
import type { InvoiceStatus } from '../shared/statuses.ts';
import { invoiceNumber } from './rules/invoice-document.ts';

export interface InvoiceTags {
  id: number;
  clientId: number;
  status: InvoiceStatus;
  /** Total less credit applied, as stored (a decimal string). */
  due: string;
  dueDate: string;
  /** Formats an amount (a decimal string) in the invoice's currency. */
  money: (amount: string) => TagValue;
  /** Amounts and dates in each language's way (1,234.50 / 1.234,50; 2026-12-04 / 04.12.2026). */
  values: Record<string, TagValue>;
}

/** The invoice tags of billing messages (invoice.number, invoice.pay_url, ...), for many invoices in one query. */
export async function loadInvoiceTags(tx: EntityManager, invoiceIds: readonly number[], base: string): Promise<Map<number, InvoiceTags>> {
  if (!invoiceIds.length) return new Map();
  const rows = await db(tx)
    .selectFrom('invoice as i')
    .leftJoin('currency as cur', 'cur.code', 'i.currency')
    .select([
      'i.id',
      'i.number',
      'i.client_id',
      'i.status',
      'i.currency',
      'i.total',
      'i.due_date',
      'i.paid_at',
      'cur.minor_units',
      sql<string>`i.total - i.credit_applied`.as('due'),
    ])
    .where('i.id', 'in', [...new Set(invoiceIds)])
    .execute();
  return new Map(
    rows.map((r) => {
      const money = (amount: string): TagValue =>
        perLanguage((l) => formatMoneyIn(l, fromDecimalString(amount), r.currency, r.minor_units ?? 2));
      const values = {
        'invoice.number': invoiceNumber(r),
        'invoice.total': money(r.total),
        'invoice.amount_due': money(r.due),
        'invoice.due_date': dayTag(r.due_date),
        'invoice.paid_date': r.paid_at ? dayTag(new Date(r.paid_at).toISOString()) : '',
        'invoice.pay_url': invoiceUrl(base, r.id),
      };
      return [r.id, { id: r.id, clientId: r.client_id, status: r.status, due: r.due, dueDate: r.due_date, money, values }];
    }),
  );
}
