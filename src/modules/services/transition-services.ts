import type { EntityManager } from '@mikro-orm/postgresql';
import { expressionBuilder, sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import { db, type Database } from '../../db/database.ts';
import { serviceActionsLater } from '../../queue/jobs.ts';
import type { ActionVerb, ServiceStatus } from '../shared/statuses.ts';
import type { SuspendReason } from './rules/lifecycle.ts';

/** The service table under the alias the conditions use. */
type ServiceAsS = Database & { s: Database['service'] };

/** One item as the statement reads it (a jsonb recordset). */
interface Picked {
  service_id: number;
  note: string;
  key: string | null;
}

export interface Transition {
  serviceId: number;
  /** The history line: why it changed. */
  note: string;
  /** The outbox key of the plugin call this change needs; none means no call. */
  key?: string;
}

export interface TransitionSpec {
  from: readonly ServiceStatus[];
  to: ServiceStatus;
  suspendReason: SuspendReason | null;
  /** The plugin call recorded in the outbox for each service changed. */
  verb?: ActionVerb;
  /** More conditions on `s` (the service), checked under the row lock. */
  where?: (eb: ExpressionBuilder<ServiceAsS, 's'>) => Expression<SqlBool>;
  actor?: string;
}

/**
 * Moves services from one of `from` to `to` in one statement, with each one's history line and
 * its plugin call recorded in the outbox, inside the caller's transaction. Returns the ids changed.
 * NOTE: the rows are locked in id order before they change (two sweeps, or a sweep and a payment,
 * touching overlapping services cannot deadlock), and every condition is checked again on the
 * locked row: a service another transaction changed meanwhile is left alone, so running the same
 * transition twice, or on three workers at once, changes each service once.
 * NOTE: one statement of data-modifying CTEs over a jsonb recordset of the items (pick, lock in
 * id order, update, history), and the plugin calls of all changed services with one more (the
 * catalog's producer), so a batch costs two round trips whatever its size.
 */
export async function transitionServices(tx: EntityManager, items: readonly Transition[], spec: TransitionSpec, now: Date): Promise<number[]> {
  if (!items.length) return [];
  const more = spec.where ? [spec.where(expressionBuilder<ServiceAsS, 's'>())] : [];
  const picked = JSON.stringify(items.map((i): Picked => ({ service_id: i.serviceId, note: i.note, key: spec.verb ? (i.key ?? null) : null })));
  const actor = (spec.actor ?? 'system').slice(0, 120);
  const rows = await db(tx)
    .with('pick', (qb) => qb.selectFrom(sql<Picked>`jsonb_to_recordset(${picked}::jsonb)`.as<'r'>(sql`r(service_id int, note text, key text)`)).selectAll())
    .with('locked', (qb) =>
      qb
        .selectFrom('service as s')
        .innerJoin('pick as p', 'p.service_id', 's.id')
        .select(['s.id', 's.status as from_status', 'p.note', 'p.key'])
        .where((eb) => eb.and([eb('s.status', 'in', spec.from), ...more]))
        .orderBy('s.id')
        .forUpdate('s'),
    )
    .with('changed', (qb) =>
      qb
        .updateTable('service as s')
        .from('locked')
        .set({ status: spec.to, suspend_reason: spec.suspendReason, updated_at: now })
        .whereRef('s.id', '=', 'locked.id')
        .returning(['s.id', 'locked.from_status', 'locked.note', 'locked.key']),
    )
    .with('history', (qb) =>
      qb
        .insertInto('service_event')
        .columns(['service_id', 'from_status', 'to_status', 'note', 'actor', 'created_at'])
        .expression((eb) => eb.selectFrom('changed').select((c) => ['id', 'from_status', c.val(spec.to).as('to_status'), c.fn<string>('left', ['note', sql.lit(500)]).as('note'), c.val(actor).as('actor'), c.val(now).as('created_at')])),
    )
    .selectFrom('changed')
    .select(['id', 'key'])
    .orderBy('id')
    .execute();
  const verb = spec.verb;
  if (verb) await serviceActionsLater(tx, rows.flatMap((r) => (r.key ? [{ serviceId: r.id, verb, key: r.key }] : [])));
  return rows.map((r) => r.id);
}
