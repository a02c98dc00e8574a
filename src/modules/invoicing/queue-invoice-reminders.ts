import type { EntityManager } from '@mikro-orm/postgresql';
import { sql } from 'kysely';
import { db } from '../../db/database.ts';
import { loadNoticeSettings } from '../notices/load-notice-settings.ts';
import { publicUrl } from '../notices/public-url.ts';
import { messageKey, queueClientMessages, type ClientMessage } from '../notices/queue-client-message.ts';
import { dueDateWindow, dueNotice } from '../notices/rules/notice-days.ts';
import { calendarDateOf, daysBetween } from '../shared/dates.ts';
import { loadInvoiceTags } from './load-invoice-tags.ts';

const PAGE = 500;

/**
 * The payment reminders (days before the due date) and overdue notices (days after it) unpaid
 * invoices have reached today, each queued once: its key is `<invoiceId>:<day offset>`, so a run
 * repeated, or two at once, queues nothing new. Run hourly (jobs/schedulers.ts).
 * NOTE: set-based: one page of invoices in the due-date window at a time, the keys already sent
 * dropped with one query, the rest queued in one transaction; no query per invoice.
 * NOTE: a day the sweep missed is caught up for the latest offset only (rules/notice-days.ts).
 */
export async function queueInvoiceReminders(em: EntityManager, now: Date, opts: { publicUrl?: string } = {}): Promise<{ queued: number }> {
  const { off, reminderDays, overdueDays } = await loadNoticeSettings(em);
  if (off.includes('invoice_reminder') && off.includes('invoice_overdue')) return { queued: 0 };
  const today = calendarDateOf(now);
  const { earliest, latest } = dueDateWindow(today, reminderDays, overdueDays);
  const q = db(em);
  let after = 0;
  let queued = 0;
  for (;;) {
    const page = await q
      .selectFrom('invoice')
      .select(['id', 'due_date', 'created_at'])
      .where('status', '=', 'unpaid')
      .where(sql<boolean>`total - credit_applied > 0`)
      .where('due_date', '>=', earliest)
      .where('due_date', '<=', latest)
      .where('id', '>', after)
      .orderBy('id')
      .limit(PAGE)
      .execute();
    if (!page.length) return { queued };
    after = page.at(-1)!.id;
    const due = page.flatMap((r) => {
      const notice = dueNotice({ dueDate: r.due_date, issuedOn: calendarDateOf(new Date(r.created_at)) }, today, reminderDays, overdueDays);
      return notice && !off.includes(notice.event)
        ? [{ invoiceId: r.id, dueDate: r.due_date, ...notice, key: `${r.id}:${notice.offset}` }]
        : [];
    });
    if (!due.length) continue;
    const sent = await q
      .selectFrom('mail_message')
      .select('dedupe_key')
      .where(
        'dedupe_key',
        'in',
        due.map((d) => messageKey(d.event, d.key)),
      )
      .execute();
    const taken = new Set(sent.map((s) => s.dedupe_key));
    const fresh = due.filter((d) => !taken.has(messageKey(d.event, d.key)));
    if (!fresh.length) continue;
    queued += await em.transactional(async (tx) => {
      const tags = await loadInvoiceTags(
        tx,
        fresh.map((d) => d.invoiceId),
        publicUrl(opts.publicUrl),
      );
      const messages = fresh.flatMap((d): ClientMessage[] => {
        const invoice = tags.get(d.invoiceId);
        // NOTE: paid or voided since the page was read: nothing to remind of.
        if (!invoice || invoice.status !== 'unpaid') return [];
        const days = Math.abs(daysBetween(d.dueDate, today));
        return [{ event: d.event, clientId: invoice.clientId, key: d.key, values: { ...invoice.values, 'reminder.days': String(days) } }];
      });
      return (await queueClientMessages(tx, messages)).length;
    });
  }
}
