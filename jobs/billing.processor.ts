import { processRenewalBatch } from '../src/modules/billing/process-renewal-batch.ts';
import { startBillingRun } from '../src/modules/billing/start-billing-run.ts';
import { runLifecycleSweep } from '../src/modules/services/run-lifecycle-sweep.ts';
import { voidStaleServiceChanges } from '../src/modules/scaling/void-stale-service-changes.ts';
import { calendarDateOf } from '../src/modules/shared/dates.ts';
import { chargeDueInvoices } from '../src/modules/payments/charge-due-invoices.ts';
import { queueInvoiceReminders } from '../src/modules/invoicing/queue-invoice-reminders.ts';
import { gatewayEnv } from '../src/config.ts';
import { processorFor } from './run-job.ts';

export const billingProcessor = processorFor('billing', {
  async renewalScan(_payload, { ctx }) {
    const now = new Date();
    return startBillingRun(ctx.orm.em.fork(), { asOf: calendarDateOf(now), trigger: 'schedule' }, now);
  },
  renewalBatch: async ({ batchId }, { ctx, done }) => processRenewalBatch(ctx.orm.em.fork(), batchId, new Date(), done),
  async chargeSavedCards(_payload, { ctx }) {
    const now = new Date();
    return chargeDueInvoices(ctx.orm.em.fork(), calendarDateOf(now), gatewayEnv(ctx.config), ctx.config.APP_SECRET, now);
  },
  invoiceReminders: async (_payload, { ctx }) => queueInvoiceReminders(ctx.orm.em.fork(), new Date(), { publicUrl: ctx.config.PUBLIC_URL }),
  async lifecycleSweep(_payload, { ctx }) {
    const now = new Date();
    const em = ctx.orm.em.fork();
    const today = calendarDateOf(now);
    return { ...(await runLifecycleSweep(em, today, now)), staleChanges: await voidStaleServiceChanges(em, today, now) };
  },
});
