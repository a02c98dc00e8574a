/**
 * The reference a client writes on a bank transfer, so staff can match it to the invoice: the
 * invoice's own number, the one its document and emails show (an unnumbered one by its id).
 */
export const transferReference = (invoice: { id: number; number: string | null }) => invoice.number ?? `INV-${invoice.id}`;
