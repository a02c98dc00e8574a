import type { EntityManager } from '@mikro-orm/postgresql';
import { db } from '../../db/database.ts';
import { Conflict } from '../shared/errors.ts';
import { creditCurrencyOf } from '../clients/credit-currency.ts';
import { fromDecimalString, toDecimalString } from '../shared/money.ts';
import { documentFormat } from './document-formats.ts';
import { invoiceRefunded } from './invoice-refunded.ts';
import { moveCredit } from './move-credit.ts';
import { nextDocumentNumber } from './next-document-number.ts';
import { queueRefundIssued } from './queue-refund-issued.ts';
import type { GatewayKey } from './rules/constants.ts';

export interface SucceededRefund {
  id: number;
  invoiceId: number;
  orderId: number | null;
  clientId: number;
  gateway: GatewayKey;
  /** Negative, as stored. */
  amount: string;
  currency: string;
  reason: string;
  endServices: boolean;
}

/**
 * Locks the client's row and checks its credit is still held in `currency` (the client's, else
 * the store default's, as payWithCredit spends it). NOTE: the refund read it unlocked; a client
 * switching currency meanwhile (allowed with a zero balance, under this same lock) would have
 * had a USD amount added to a EUR balance.
 */
async function assertCreditCurrency(tx: EntityManager, clientId: number, currency: string): Promise<void> {
  if (((await creditCurrencyOf(tx, clientId, { lock: true })) ?? currency) !== currency)
    throw new Conflict("The client's credit currency changed meanwhile; reload and try again.", 'destination');
}

/**
 * What follows a refund that succeeded, inside its transaction (the invoice row already locked):
 * the services end if staff chose so, credit goes to the balance, the credit note is issued and
 * the client is emailed it.
 * NOTE: the order keeps the locks in the order payments and service endings take them: services'
 * invoices, clients and services first (the hook), then the client's balance, and the credit note
 * counter last, since every refund queues on it. Returns the credit note's number.
 * NOTE: the note is issued only here, for a refund that succeeded: a gateway refusal leaves no
 * document to cancel and no number used, so the series holds exactly the money given back.
 */
export async function finishRefundIn(tx: EntityManager, refund: SucceededRefund, actor: string, now: Date): Promise<string> {
  await invoiceRefunded.announce(tx, {
    invoiceId: refund.invoiceId,
    orderId: refund.orderId,
    refundId: refund.id,
    endServices: refund.endServices,
    actor,
    now,
  });
  const amount = toDecimalString(-fromDecimalString(refund.amount));
  if (refund.gateway === 'credit') {
    await assertCreditCurrency(tx, refund.clientId, refund.currency);
    await moveCredit(
      tx,
      {
        clientId: refund.clientId,
        amount,
        currency: refund.currency,
        reason: `Refund of invoice #${refund.invoiceId}`,
        invoiceId: refund.invoiceId,
      },
      now,
    );
  }
  const number = await nextDocumentNumber(tx, 'credit_note', await documentFormat(tx, 'credit_note'), now);
  const note = await db(tx)
    .insertInto('credit_note')
    .values({
      number,
      invoice_id: refund.invoiceId,
      refund_id: refund.id,
      client_id: refund.clientId,
      amount,
      currency: refund.currency,
      reason: refund.reason,
      issued_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await queueRefundIssued(tx, {
    refundId: refund.id,
    invoiceId: refund.invoiceId,
    creditNoteId: note.id,
    creditNoteNumber: number,
    amount,
  });
  return number;
}
