import type { EntityManager } from '@mikro-orm/postgresql';
import { expressionBuilder, sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import { db, type Database } from '../../db/database.ts';
import { serviceActionsLater } from '../../queue/jobs.ts';
import type { ActionVerb, ServiceStatus } from '../shared/statuses.ts';
import { queueServiceNotices } from './queue-service-notices.ts';
import { serviceActionKey, type SuspendReason } from './rules/lifecycle.ts';

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
  /** Email clients a suspension, a return to active or a termination (service_suspended, …); off for add-ons following their parent. */
  notify?: boolean;
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
export async function transitionServices(
  tx: EntityManager,
  items: readonly Transition[],
  spec: TransitionSpec,
  now: Date,
): Promise<number[]> {
  if (!items.length) return [];
  const more = spec.where ? [spec.where(expressionBuilder<ServiceAsS, 's'>())] : [];
  const picked = JSON.stringify(
    items.map((i): Picked => ({ service_id: i.serviceId, note: i.note, key: spec.verb ? (i.key ?? null) : null })),
  );
  const actor = (spec.actor ?? 'system').slice(0, 120);
  const rows = await db(tx)
    .with('pick', (qb) =>
      qb.selectFrom(sql<Picked>`jsonb_to_recordset(${picked}::jsonb)`.as<'r'>(sql`r(service_id int, note text, key text)`)).selectAll(),
    )
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
        .expression((eb) =>
          eb
            .selectFrom('changed')
            .select((c) => [
              'id',
              'from_status',
              c.val(spec.to).as('to_status'),
              c.fn<string>('left', ['note', sql.lit(500)]).as('note'),
              c.val(actor).as('actor'),
              c.val(now).as('created_at'),
            ]),
        ),
    )
    .selectFrom('changed')
    .select(['id', 'key', 'from_status'])
    .orderBy('id')
    .execute();
  const verb = spec.verb;
  if (verb)
    await serviceActionsLater(
      tx,
      rows.flatMap((r) => (r.key ? [{ serviceId: r.id, verb, key: r.key }] : [])),
    );
  const changed = rows.map((r) => r.id);
  // Back to active is told only of a suspended service brought back (the only way into active here today).
  const told = spec.to === 'active' ? rows.filter((r) => r.from_status === 'suspended').map((r) => r.id) : changed;
  if (spec.notify !== false) await queueServiceNotices(tx, told, spec.to, now);
  await addonsFollow(tx, changed, spec.to, now, actor);
  return changed;
}

/** The add-ons of a service that have not ended, in id order. */
export async function liveAddonIds(tx: EntityManager, parentId: number): Promise<number[]> {
  const rows = await db(tx)
    .selectFrom('service')
    .select('id')
    .where('parent_id', '=', parentId)
    .where('status', 'in', ['pending', 'active', 'suspended'])
    .orderBy('id')
    .execute();
  return rows.map((r) => r.id);
}

/** How an add-on follows its parent into `to`: from which statuses, and with which plugin call. */
function following(to: ServiceStatus): TransitionSpec | null {
  if (to === 'suspended') return { from: ['active'], to, suspendReason: 'parent', verb: 'suspend' };
  // NOTE: only what the parent's suspension suspended comes back with it (not staff's or an overdue add-on's own).
  if (to === 'active')
    return { from: ['suspended'], to, suspendReason: null, verb: 'unsuspend', where: (eb) => eb('s.suspend_reason', '=', 'parent') };
  if (to === 'terminated' || to === 'cancelled')
    return { from: ['pending', 'active', 'suspended'], to, suspendReason: null, verb: 'terminate' };
  return null;
}

/**
 * Add-ons are suspended, unsuspended and ended with their parent (DOMAIN.md "Add-ons"), in the
 * parent's transaction, through the plugin via the outbox like the parent. Every path that moves a
 * service calls this with the services it moved: the sweeps (through transitionServices), staff
 * and client actions. Add-ons have no add-ons, so it goes one level down.
 * NOTE: a pending add-on was never created remotely: ending it calls nothing.
 */
export async function addonsFollow(
  tx: EntityManager,
  parentIds: readonly number[],
  to: ServiceStatus,
  now: Date,
  actor = 'system',
): Promise<number[]> {
  const spec = following(to);
  if (!spec || !parentIds.length) return [];
  const addons = await db(tx)
    .selectFrom('service as s')
    .select(['s.id', 's.parent_id', 's.status'])
    .where('s.parent_id', 'in', [...parentIds])
    .where('s.status', 'in', spec.from)
    .orderBy('s.id')
    .execute();
  if (!addons.length) return [];
  const verb = spec.verb!;
  const items = addons.map((a) => ({
    serviceId: a.id,
    note: `${to === 'active' ? 'Unsuspended' : to === 'suspended' ? 'Suspended' : 'Ended'} with its parent service #${a.parent_id}.`,
    key:
      a.status === 'pending'
        ? undefined
        : serviceActionKey(a.id, verb, verb === 'terminate' ? undefined : `with-${a.parent_id}-${now.getTime()}`),
  }));
  // NOTE: the client hears of the parent; its add-ons going with it are part of that message.
  return transitionServices(tx, items, { ...spec, actor, notify: false }, now);
}
