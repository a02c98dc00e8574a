import { extendPaidPeriods } from './billing/extend-paid-periods.ts';
import { carryOrderCoupon } from './coupons/carry-order-coupon.ts';
import { voidEndedRenewals } from './billing/void-ended-renewals.ts';
import { convertReservation } from './inventory/convert-reservation.ts';
import { invoicePaid } from './invoicing/invoice-paid.ts';
import { invoiceRefunded } from './invoicing/invoice-refunded.ts';
import { invoiceAttachment } from './invoicing/invoice-attachment.ts';
import { queuePaymentReceipt } from './invoicing/queue-payment-receipt.ts';
import { attachmentNeeded } from './mail/mail-attachments.ts';
import { transferDetailsWanted } from './invoicing/transfer-details.ts';
import { transferDetailsFor } from './payments/transfer-details-for.ts';
import { markOrderPaid } from './orders/mark-order-paid.ts';
import { applyPaidChanges } from './scaling/apply-paid-changes.ts';
import { voidWaitingOnEnded } from './scaling/void-waiting-on-ended.ts';
import { createServicesForOrder } from './services/create-services-for-order.ts';
import { endRefundedServices } from './services/end-refunded-services.ts';
import { liftOverdueSuspensions } from './services/lift-overdue-suspensions.ts';
import { servicesEnded } from './services/services-ended.ts';
import { paymentDisputed } from './payments/payment-disputed.ts';
import { tellStaffOfDispute } from './payments/tell-staff-of-dispute.ts';
import { suspendDisputedServices } from './services/suspend-disputed-services.ts';

// The one place where lower modules' announcements meet the higher modules that act on them,
// in the order they run. Loaded with the ORM (src/db/orm.ts), so every process has it.

invoicePaid.handle([
  // NOTE: periods first: a package change below checks whether its period was renewed and paid.
  { name: 'billing: mark the billed periods paid and extend their services', run: (tx, e) => extendPaidPeriods(tx, e.invoiceId, e.now) },
  {
    name: 'services: lift the suspensions this invoice being overdue caused',
    run: (tx, e) => liftOverdueSuspensions(tx, e.invoiceId, e.now),
  },
  { name: 'scaling: apply the package changes this invoice pays for', run: (tx, e) => applyPaidChanges(tx, e.invoiceId, e.now) },
  { name: 'orders: mark the order paid', run: async (tx, e) => void (e.orderId !== null && (await markOrderPaid(tx, e.orderId, e.now))) },
  {
    name: "inventory: convert the order's reservation",
    run: async (tx, e) => void (e.orderId !== null && (await convertReservation(tx, e.orderId))),
  },
  {
    name: "services: create the order's services and record their provisioning",
    run: async (tx, e) => void (e.orderId !== null && (await createServicesForOrder(tx, e.orderId, e.now))),
  },
  {
    name: "coupons: the order's services keep its coupon for their renewals",
    run: async (tx, e) => void (e.orderId !== null && (await carryOrderCoupon(tx, e.orderId, e.now))),
  },
  // NOTE: last, so the receipt is queued only once everything the payment buys has been done in this transaction.
  { name: 'invoicing: email the client a receipt', run: (tx, e) => queuePaymentReceipt(tx, e.invoiceId) },
]);

servicesEnded.handle([
  { name: 'billing: void or bill again the renewals of services that ended', run: (tx, e) => voidEndedRenewals(tx, e.invoiceIds, e.now) },
  {
    name: 'scaling: void the unpaid add-on orders and package changes of services that ended',
    run: (tx, e) => voidWaitingOnEnded(tx, e.serviceIds, e.now),
  },
]);

invoiceRefunded.handle([
  {
    name: 'services: terminate what the refunded invoice paid for, when staff chose so',
    run: async (tx, e) => void (e.endServices && (await endRefundedServices(tx, e.invoiceId, e.orderId, e.actor, e.now))),
  },
]);

paymentDisputed.handle([
  { name: 'services: suspend (or bring back) the services of a disputed payment', run: (tx, e) => suspendDisputedServices(tx, e) },
  { name: 'payments: tell owners and admins', run: (tx, e) => tellStaffOfDispute(tx, e) },
]);

transferDetailsWanted.handle([{ name: 'payments: bank transfer details, when a transfer can pay the invoice', run: transferDetailsFor }]);
attachmentNeeded.handle([{ name: 'invoicing: invoice and credit note PDFs', run: (em, a) => invoiceAttachment(em, a) }]);
