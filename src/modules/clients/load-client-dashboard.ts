import type { EntityManager } from '@mikro-orm/postgresql';
import { sql, type Selectable } from 'kysely';
import { db, type Database } from '../../db/database.ts';
import { listClientMessages, type ClientMessageRow } from '../mail/list-client-messages.ts';
import { calendarDateOf, compareDates } from '../shared/dates.ts';
import { HOLDING_STATUSES, type ServiceStatus } from '../shared/statuses.ts';

export interface DashboardService {
  id: number;
  packageName: string;
  status: ServiceStatus;
  nextDueDate: string | null;
  /** The day a service cancelled at the end of its term ends (it does not renew then). */
  cancelAt: string | null;
}

export interface DashboardInvoice {
  /** The stored row, whole: the page names it with invoiceNumber(), which reads what it needs. */
  invoice: Selectable<Database['invoice']>;
  /** What is left to pay: the total less the credit spent on it. */
  amountDue: string;
  minorUnits: number;
  overdue: boolean;
}

export interface ClientDashboard {
  /** Running ones (pending, active, suspended), the next due first. */
  services: DashboardService[];
  /** Every service the client has, ended ones included: the link to the full list says how many. */
  serviceCount: number;
  /** Unpaid, the oldest due date first. */
  invoices: DashboardInvoice[];
  unpaidCount: number;
  credit: { amount: string; currency: string | null; minorUnits: number };
  /** The last emails to the client, newest first. */
  messages: ClientMessageRow[];
}

const SHOWN = 8;
const MESSAGES = 5;

/**
 * What the client area's first page shows, in four queries whatever the client has. NOTE: the
 * client id is the only filter and comes from the session, never the request.
 */
export async function loadClientDashboard(em: EntityManager, clientId: number, now: Date): Promise<ClientDashboard> {
  const q = db(em);
  const today = calendarDateOf(now);
  const [services, invoices, client, messages] = await Promise.all([
    q
      .selectFrom('service as s')
      .innerJoin('package as p', 'p.id', 's.package_id')
      .select(['s.id', 'p.name', 's.status', 's.next_due_date', 's.cancel_at'])
      // Running services first, with every service counted alongside each row.
      .select(sql<boolean>`s.status in (${sql.join(HOLDING_STATUSES)})`.as('running'))
      .select(sql<number>`(count(*) over ())::int`.as('total'))
      .where('s.client_id', '=', clientId)
      .orderBy('running', 'desc')
      .orderBy(sql`s.next_due_date asc nulls last`)
      .orderBy('s.id')
      .limit(SHOWN)
      .execute(),
    q
      .selectFrom('invoice as i')
      .leftJoin('currency as cur', 'cur.code', 'i.currency')
      .selectAll('i')
      .select([
        'cur.minor_units',
        sql<string>`greatest(i.total - i.credit_applied, 0)`.as('amount_due'),
        sql<number>`(count(*) over ())::int`.as('total_count'),
      ])
      .where('i.client_id', '=', clientId)
      .where('i.status', '=', 'unpaid')
      .orderBy('i.due_date')
      .orderBy('i.id')
      .limit(SHOWN)
      .execute(),
    q
      .selectFrom('client as c')
      .leftJoin('currency as cur', 'cur.code', 'c.currency')
      .select(['c.credit_balance', 'c.currency', 'cur.minor_units'])
      .where('c.id', '=', clientId)
      .executeTakeFirstOrThrow(),
    listClientMessages(em, clientId, { limit: MESSAGES }),
  ]);
  return {
    services: services
      .filter((s) => s.running)
      .map((s) => ({ id: s.id, packageName: s.name, status: s.status, nextDueDate: s.next_due_date, cancelAt: s.cancel_at })),
    serviceCount: services[0]?.total ?? 0,
    invoices: invoices.map(({ minor_units, amount_due, total_count: _, ...invoice }) => ({
      invoice,
      amountDue: amount_due,
      minorUnits: minor_units ?? 2,
      overdue: compareDates(invoice.due_date, today) < 0,
    })),
    unpaidCount: invoices[0]?.total_count ?? 0,
    credit: { amount: client.credit_balance, currency: client.currency, minorUnits: client.minor_units ?? 2 },
    messages,
  };
}
