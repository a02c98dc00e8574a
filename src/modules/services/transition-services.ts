import type { EntityManager } from '@mikro-orm/postgresql';
import { expressionBuilder, sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import { db, type Database } from '../../db/database.ts';
import { serviceActionsLater } from '../../queue/jobs.ts';
import type { ActionVerb, ServiceStatus } from '../shared/statuses.ts';
import type { SuspendReason } from './rules/lifecycle.ts';

/** The service table under the alias the conditions use. */
type ServiceAsS = Database & { s: Database['service'] };

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
 * NOTE: the plugin calls of all changed services are recorded with one more statement (the
 * catalog's producer), so a batch costs two round trips whatever its size.
 */
export async function transitionServices(tx: EntityManager, items: readonly Transition[], spec: TransitionSpec, now: Date): Promise<number[]> {
  if (!items.length) return [];
  const more = spec.where ? spec.where(expressionBuilder<ServiceAsS, 's'>()) : sql<SqlBool>`true`;
  const picked = JSON.stringify(items.map((i) => ({ service_id: i.serviceId, note: i.note, key: spec.verb ? (i.key ?? null) : null })));
  const actor = (spec.actor ?? 'system').slice(0, 120);
  // NOTE: raw SQL: a chain of data-modifying CTEs over a jsonb recordset (lock in id order,
  // update, history) is one statement and one round trip here; the builder would need several.
  const { rows } = await sql<{ id: number; key: string | null }>`
    with pick as (select * from jsonb_to_recordset(${picked}::jsonb) as r(service_id int, note text, key text)),
    locked as (
      select s.id, s.status as from_status, p.note, p.key from service s join pick p on p.service_id = s.id
       where s.status in (${sql.join(spec.from)}) and ${more}
       order by s.id for update of s),
    changed as (
      update service s set status = ${spec.to}, suspend_reason = ${spec.suspendReason}, updated_at = ${now} from locked where s.id = locked.id
      returning s.id, locked.from_status, locked.note, locked.key),
    history as (
      insert into service_event (service_id, from_status, to_status, note, actor, created_at)
      select id, from_status, ${spec.to}, left(note, 500), ${actor}, ${now} from changed)
    select id, key from changed order by id`.execute(db(tx));
  const verb = spec.verb;
  if (verb) await serviceActionsLater(tx, rows.flatMap((r) => (r.key ? [{ serviceId: r.id, verb, key: r.key }] : [])));
  return rows.map((r) => r.id);
}
