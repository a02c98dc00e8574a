import type { EntityManager } from '@mikro-orm/postgresql';
import { loadInvoice, type InvoiceDetail } from './load-invoice.ts';

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

export type DescribedInvoice = Omit<InvoiceDetail, 'lines'> & { lines: DescribedLine[] };

/**
 * An invoice with every line's service and period, for API clients that reconcile renewals.
 * NOTE: `amountDue` is what is left to pay, so nothing once the invoice is paid or void.
 */
export async function describeInvoice(em: EntityManager, invoiceId: number): Promise<DescribedInvoice> {
  const invoice = await loadInvoice(em, invoiceId);
  const lines = await em.getConnection().execute<Record<string, unknown>[]>(
    `select id, kind, description, amount, taxable, service_id, period_start::text as period_start, period_end::text as period_end
       from invoice_line where invoice_id = ? order by id`,
    [invoiceId],
  );
  const settled = invoice.status === 'paid' || invoice.status === 'void';
  return {
    ...invoice,
    amountDue: settled ? '0.0000' : invoice.amountDue,
    lines: lines.map((l) => ({
      id: l.id as number,
      kind: l.kind as string,
      description: l.description as string,
      amount: String(l.amount),
      taxable: l.taxable as boolean,
      serviceId: (l.service_id as number | null) ?? null,
      periodStart: (l.period_start as string | null) ?? null,
      periodEnd: (l.period_end as string | null) ?? null,
    })),
  };
}
