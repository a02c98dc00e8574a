import type { EntityManager } from '@mikro-orm/postgresql';
import { sql, type ExpressionBuilder } from 'kysely';
import { z } from 'zod';
import { countAll, db, type Database } from '../../db/database.ts';
import { addDays } from '../shared/dates.ts';
import { id } from '../shared/fields.ts';
import { containsPattern, listQueryFields, rangeInOrder } from '../shared/list-query.ts';
import { parseInput } from '../shared/validation.ts';

const blank = (v: unknown) => (v === '' ? undefined : v);

export const listCreditNotesQuery = z
  .object({
    ...listQueryFields,
    clientId: z.preprocess(blank, id.optional()),
    invoiceId: z.preprocess(blank, id.optional()),
  })
  .superRefine(rangeInOrder);

export interface CreditNoteRow {
  id: number;
  number: string;
  invoiceId: number;
  refundId: number;
  clientId: number;
  clientName: string;
  amount: string;
  currency: string;
  reason: string;
  issuedAt: string;
}

export interface CreditNoteList {
  items: CreditNoteRow[];
  total: number;
  page: number;
  perPage: number;
  pages: number;
  /** Per currency over every note the filters match. */
  totals: { currency: string; count: number; total: string }[];
}

/** Credit notes, newest first: search q (number, client name or email), clientId, invoiceId, issued from/to. */
export async function listCreditNotes(em: EntityManager, raw: unknown): Promise<CreditNoteList> {
  const q = parseInput(listCreditNotesQuery, raw ?? {});
  const like = containsPattern(q.q);
  const matches = (eb: ExpressionBuilder<Database, 'credit_note' | 'client'>) =>
    eb.and([
      ...(like
        ? [eb.or([eb('credit_note.number', 'ilike', like), eb('client.name', 'ilike', like), eb('client.email', 'ilike', like)])]
        : []),
      ...(q.clientId ? [eb('credit_note.client_id', '=', q.clientId)] : []),
      ...(q.invoiceId ? [eb('credit_note.invoice_id', '=', q.invoiceId)] : []),
      ...(q.from ? [eb('credit_note.issued_at', '>=', sql<Date>`${q.from}::date`)] : []),
      // NOTE: "to" is a whole day: everything before the next midnight.
      ...(q.to ? [eb('credit_note.issued_at', '<', sql<Date>`${addDays(q.to, 1)}::date`)] : []),
    ]);
  const base = () => db(em).selectFrom('credit_note').innerJoin('client', 'client.id', 'credit_note.client_id').where(matches);
  const rows = await base()
    .select([
      'credit_note.id',
      'credit_note.number',
      'credit_note.invoice_id',
      'credit_note.refund_id',
      'credit_note.client_id',
      'client.name as client_name',
    ])
    .select(['credit_note.amount', 'credit_note.currency', 'credit_note.reason', 'credit_note.issued_at'])
    .orderBy('credit_note.issued_at', 'desc')
    .orderBy('credit_note.id', 'desc')
    .limit(q.perPage)
    .offset((q.page - 1) * q.perPage)
    .execute();
  const totals = await base()
    .select(['credit_note.currency', countAll().as('count'), sql<string>`sum(credit_note.amount)`.as('total')])
    .groupBy('credit_note.currency')
    .orderBy('credit_note.currency')
    .execute();
  const total = totals.reduce((n, t) => n + t.count, 0);
  return {
    items: rows.map((r) => ({
      id: r.id,
      number: r.number,
      invoiceId: r.invoice_id,
      refundId: r.refund_id,
      clientId: r.client_id,
      clientName: r.client_name,
      amount: r.amount,
      currency: r.currency,
      reason: r.reason,
      issuedAt: r.issued_at.toISOString(),
    })),
    total,
    page: q.page,
    perPage: q.perPage,
    pages: Math.max(1, Math.ceil(total / q.perPage)),
    totals: totals.map((t) => ({ currency: t.currency, count: t.count, total: t.total })),
  };
}
