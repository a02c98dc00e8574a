import type { EntityManager } from '@mikro-orm/postgresql';
import { z } from 'zod';
import { optionalText } from '../shared/fields.ts';
import { parseInput } from '../shared/validation.ts';
import { payInvoice, type PayResult } from './pay-invoice.ts';

const input = z.object({ reference: optionalText(120).default('') });

/**
 * Staff record a bank transfer (the manual gateway). Without a reference the invoice's own
 * id is used, so marking it paid twice records one payment.
 */
export async function markInvoicePaid(em: EntityManager, invoiceId: number, raw: unknown, now: Date): Promise<PayResult> {
  const { reference } = parseInput(input, raw ?? {});
  return payInvoice(em, { invoiceId, gateway: 'manual', reference: reference || `invoice-${invoiceId}` }, now);
}
