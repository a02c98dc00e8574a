import type { EntityManager } from '@mikro-orm/postgresql';
import { db } from '../../db/database.ts';
import { loadInvoice, type InvoiceDetail } from './load-invoice.ts';
import { loadInvoiceRefunds, type InvoiceRefunds } from './load-invoice-refunds.ts';

export interface DescribedLine {
  id: number;
  kind: string;
  description: string;
  /** 4 decimals, before tax. */
  amount: string;
  taxable: boolean;
  serviceId: number | null;
  periodStart: string | null;
  periodEnd: string | null;
}

export type DescribedInvoice = Omit<InvoiceDetail, 'lines'> & InvoiceRefunds & { lines: DescribedLine[] };

/**
 * An invoice with every line's service and period, for API clients that reconcile renewals, and
 * its payments, refunds and credit notes.
 * NOTE: `amountDue` is what is left to pay, so nothing once the invoice is paid or void.
 */
export async function describeInvoice(em: EntityManager, invoiceId: number): Promise<DescribedInvoice> {
  const invoice = await loadInvoice(em, invoiceId);
  const lines = await db(em)
    .selectFrom('invoice_line')
    .select(['id', 'kind', 'description', 'amount', 'taxable', 'service_id', 'period_start', 'period_end'])
    .where('invoice_id', '=', invoiceId)
    .orderBy('id')
    .execute();
  const settled = invoice.status === 'paid' || invoice.status === 'void';
  return {
    ...invoice,
    ...(await loadInvoiceRefunds(em, invoiceId)),
    amountDue: settled ? '0.0000' : invoice.amountDue,
    lines: lines.map((l) => ({
      id: l.id,
      kind: l.kind,
      description: l.description,
      amount: l.amount,
      taxable: l.taxable,
      serviceId: l.service_id,
      periodStart: l.period_start,
      periodEnd: l.period_end,
    })),
  };
}
