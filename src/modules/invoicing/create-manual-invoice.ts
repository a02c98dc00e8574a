import type { EntityManager } from '@mikro-orm/postgresql';
import { db } from '../../db/database.ts';
import { invoiceIssuedLater } from '../../queue/jobs.ts';
import { lockCreditBalance } from '../clients/credit-currency.ts';
import { invoiceTotals } from '../pricing/rules/tax.ts';
import { taxTreatmentFor } from '../settings/tax-treatment-for.ts';
import { calendarDateOf, isCalendarDate } from '../shared/dates.ts';
import { DomainError, NotFound } from '../shared/errors.ts';
import { decimalsProblem, fitsColumn, fromDecimalString, toDecimalString } from '../shared/money.ts';
import { fieldErrors } from '../shared/validation.ts';
import { insertUnpaidInvoice } from './insert-unpaid-invoice.ts';
import { issueInvoices } from './issue-invoices.ts';
import { dueDateProblem, manualInvoiceInput } from './rules/manual-invoice.ts';

/**
 * Staff invoice a client for lines of their own: in the client's currency, taxed line by line at
 * the client's rate (or reverse charge) as checkout would, numbered and issued at once, and
 * emailed unless staff say not to. Paying it buys nothing else: no order or service names it.
 * A `requestKey` sent again answers with the invoice it wrote.
 * NOTE: the client's row is locked first (as a credit change locks it), so the currency the lines
 * were checked against is the one the invoice is written in.
 */
export async function createManualInvoice(em: EntityManager, clientId: number, raw: unknown, now: Date): Promise<{ invoiceId: number }> {
  const today = calendarDateOf(now);
  const parsed = manualInvoiceInput.safeParse(raw);
  // A due date in the past is said with the lines' problems, not only once they are fixed.
  const rawDue = (raw as { dueDate?: unknown } | null)?.dueDate;
  const late = typeof rawDue === 'string' && isCalendarDate(rawDue.trim()) ? dueDateProblem(rawDue.trim(), today) : null;
  if (!parsed.success || late)
    throw DomainError.fromFields({ ...(parsed.success ? {} : fieldErrors(parsed.error)), ...(late ? { dueDate: late } : {}) });
  const input = parsed.data;
  const dueDate = input.dueDate ?? today;
  return em.transactional(async (tx) => {
    const held = await lockCreditBalance(tx, clientId);
    if (!held) throw new NotFound('That client');
    // NOTE: the same request sent twice (a double click, an API retry) waits on the client's row
    // above until the first commits, then finds its invoice here; the unique key is the backstop.
    if (input.requestKey) {
      const done = await db(tx)
        .selectFrom('invoice')
        .select(['id', 'client_id'])
        .where('request_key', '=', input.requestKey)
        .executeTakeFirst();
      if (done && done.client_id !== clientId) throw new DomainError('That key was used for another client’s invoice.', 'requestKey');
      if (done) return { invoiceId: done.id };
    }
    const currency = held.currency ?? 'USD';
    const problems: Record<string, string> = {};
    input.lines.forEach((line, i) => {
      const problem = decimalsProblem(fromDecimalString(line.amount), { code: currency, minorUnits: held.minorUnits });
      if (problem) problems[`lines.${i}.amount`] = problem;
    });
    if (Object.keys(problems).length) throw DomainError.fromFields(problems);
    const buyer = await db(tx).selectFrom('client').select(['country', 'vat_id']).where('id', '=', clientId).executeTakeFirstOrThrow();
    const taxed = input.lines.some((l) => l.taxable);
    const taxRate = taxed ? (await taxTreatmentFor(tx, { country: buyer.country, vatId: buyer.vat_id })).rate : null;
    const lines = input.lines.map((l) => ({ amount: fromDecimalString(l.amount), taxable: l.taxable }));
    const totals = invoiceTotals(lines, taxRate, held.minorUnits);
    // NOTE: the lines were checked to fit before tax; the tax can take the total past what a column holds.
    if (!fitsColumn(totals.total)) throw new DomainError('That is more than one invoice can hold.', 'lines');
    const invoiceId = await insertUnpaidInvoice(
      tx,
      {
        clientId,
        currency,
        subtotal: toDecimalString(totals.subtotal),
        tax: toDecimalString(totals.tax),
        total: toDecimalString(totals.total),
        taxRate,
        dueDate,
        requestKey: input.requestKey ?? null,
      },
      input.lines.map((l) => ({ ...l, kind: 'manual' })),
      now,
    );
    await issueInvoices(tx, [invoiceId], now);
    if (input.sendEmail) await invoiceIssuedLater(tx, { invoiceId });
    return { invoiceId };
  });
}
