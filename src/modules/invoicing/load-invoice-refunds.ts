import type { EntityManager } from '@mikro-orm/postgresql';
import { db } from '../../db/database.ts';
import { fromDecimalString, toDecimalString } from '../shared/money.ts';
import { readRefundable } from './read-refundable.ts';
import type { PaymentStatus, RefundDestination } from './rules/refundable.ts';

export interface InvoiceRefund {
  id: number;
  /** Negative, as stored: a refund is a negative payment. */
  amount: string;
  destination: RefundDestination;
  /** Where it went: the original payment's gateway, `manual` or `credit`. */
  gateway: string;
  status: PaymentStatus;
  reference: string;
  reason: string;
  /** Why the gateway refused it. */
  failure: string | null;
  /** Who refunded (null once that staff account is gone). */
  staffName: string | null;
  creditNoteNumber: string | null;
  at: string;
}

export interface CreditNoteSummary {
  id: number;
  number: string;
  refundId: number;
  /** Where its refund went. */
  destination: RefundDestination;
  gateway: string;
  /** Positive: what the note credits. */
  amount: string;
  reason: string;
  issuedAt: string;
}

export interface RefundChoice {
  destination: RefundDestination;
  gateway: string;
  /** 4 decimals: the most this way can take. */
  max: string;
}

export interface InvoiceRefunds {
  refunds: InvoiceRefund[];
  creditNotes: CreditNoteSummary[];
  /** 4 decimals: what the credit notes gave back in all. */
  refunded: string;
  /** 4 decimals: what is left to refund (nothing unless the invoice is paid). */
  refundable: string;
  /** The ways a refund can go now, the original method first. */
  refundChoices: RefundChoice[];
}

const destinationOf = (gateway: string): RefundDestination => (gateway === 'credit' || gateway === 'manual' ? gateway : 'gateway');

/** An invoice's refunds (oldest first), the credit notes of those that succeeded, and what can still be refunded. */
export async function loadInvoiceRefunds(em: EntityManager, invoiceId: number): Promise<InvoiceRefunds> {
  const facts = await readRefundable(em, invoiceId);
  const paid = facts.status === 'paid';
  const rows = await db(em)
    .selectFrom('payment as r')
    .leftJoin('staff as s', 's.id', 'r.staff_id')
    .leftJoin('credit_note as n', 'n.refund_id', 'r.id')
    .select([
      'r.id',
      'r.amount',
      'r.gateway',
      'r.status',
      'r.reference',
      'r.reason',
      'r.failure',
      'r.created_at',
      's.name as staff_name',
      'n.id as note_id',
      'n.number',
      'n.amount as note_amount',
      'n.reason as note_reason',
      'n.issued_at',
    ])
    .where('r.invoice_id', '=', invoiceId)
    .where('r.kind', '=', 'refund')
    .orderBy('r.id')
    .execute();
  const creditNotes: CreditNoteSummary[] = rows.flatMap((r) =>
    r.note_id && r.number && r.note_amount && r.issued_at
      ? [
          {
            id: r.note_id,
            number: r.number,
            refundId: r.id,
            destination: destinationOf(r.gateway),
            gateway: r.gateway,
            amount: r.note_amount,
            reason: r.note_reason ?? '',
            issuedAt: r.issued_at.toISOString(),
          },
        ]
      : [],
  );
  return {
    refunded: toDecimalString(creditNotes.reduce((sum, n) => sum + fromDecimalString(n.amount), 0n)),
    refundable: toDecimalString(paid ? facts.refundable : 0n),
    refundChoices: paid ? facts.options.map((o) => ({ destination: o.destination, gateway: o.gateway, max: toDecimalString(o.max) })) : [],
    refunds: rows.map((r) => ({
      id: r.id,
      amount: r.amount,
      destination: destinationOf(r.gateway),
      gateway: r.gateway,
      status: r.status,
      reference: r.reference,
      reason: r.reason,
      failure: r.failure,
      staffName: r.staff_name,
      creditNoteNumber: r.number,
      at: r.created_at.toISOString(),
    })),
    creditNotes,
  };
}
