import type { EntityManager } from '@mikro-orm/postgresql';
import { sql, type ExpressionBuilder } from 'kysely';
import { z } from 'zod';
import { countAll, db, type Database } from '../../db/database.ts';
import { addDays } from '../shared/dates.ts';
import { containsPattern, listQueryFields, rangeInOrder } from '../shared/list-query.ts';
import { parseInput } from '../shared/validation.ts';
import { AUDITED_TABLES } from './rules/audited-tables.ts';

const blank = (v: unknown) => (v === '' ? undefined : v);

export const listAuditQuery = z
  .object({
    ...listQueryFields,
    /** What it is about: a table (package, client...) or an event's subject. */
    object: z.preprocess(
      blank,
      z
        .string()
        .trim()
        .regex(/^[a-z_]{1,40}$/, 'Choose a kind of record from the list.')
        .optional(),
    ),
    objectId: z.preprocess(
      blank,
      z
        .string()
        .trim()
        .max(64, 'Use at most 64 characters.')
        .regex(/^[\w.@:-]+$/, 'Enter an id (letters, digits, - _ . : @).')
        .optional(),
    ),
    /** Who: a staff member's email, or a client's. */
    actor: z.preprocess(blank, z.string().trim().max(254, 'Use at most 254 characters.').optional()),
    actorType: z.preprocess(blank, z.enum(['staff', 'api', 'client'], { error: 'Choose staff, API or client.' }).optional()),
  })
  .superRefine(rangeInOrder);
export type ListAuditQuery = z.infer<typeof listAuditQuery>;

export interface AuditRow {
  id: number;
  at: string;
  actorType: string;
  actorId: number | null;
  actorEmail: string | null;
  ip: string | null;
  userAgent: string | null;
  requestId: string | null;
  action: string;
  objectType: string;
  objectId: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

export interface AuditList {
  items: AuditRow[];
  total: number;
  page: number;
  perPage: number;
  pages: number;
  query: ListAuditQuery;
  /** The kinds of record the trail holds, for the filter. */
  objectTypes: string[];
}

/**
 * The audit trail, newest first, by what it is about (kind and id), who (email, kind of actor),
 * a date range and a search over emails, addresses and request ids.
 * NOTE: counted up to 10,001 entries: past that the page says "more than 10,000" rather than
 * counting a trail that only grows.
 */
export async function listAuditEntries(em: EntityManager, raw: unknown): Promise<AuditList> {
  const q = parseInput(listAuditQuery, raw ?? {});
  const like = containsPattern(q.q);
  const actorLike = containsPattern(q.actor ?? '');
  const matches = (eb: ExpressionBuilder<Database, 'audit_log'>) =>
    eb.and([
      ...(q.object ? [eb('object_type', '=', q.object)] : []),
      ...(q.objectId ? [eb('object_id', '=', q.objectId)] : []),
      ...(q.actorType ? [eb('actor_type', '=', q.actorType)] : []),
      ...(actorLike ? [eb('actor_email', 'ilike', actorLike)] : []),
      ...(like
        ? [eb.or([eb('actor_email', 'ilike', like), eb('ip', 'ilike', like), eb('request_id', 'ilike', like), eb('object_id', '=', q.q)])]
        : []),
      ...(q.from ? [eb('at', '>=', sql<Date>`${q.from}::date`)] : []),
      ...(q.to ? [eb('at', '<', sql<Date>`${addDays(q.to, 1)}::date`)] : []),
    ]);
  const query = db(em);
  const rows = await query
    .selectFrom('audit_log')
    .selectAll()
    .where(matches)
    .orderBy('id', 'desc')
    .limit(q.perPage)
    .offset((q.page - 1) * q.perPage)
    .execute();
  const counted = await query
    .selectFrom((eb) => eb.selectFrom('audit_log').select('id').where(matches).limit(10_001).as('x'))
    .select(countAll().as('n'))
    .executeTakeFirstOrThrow();
  const total = counted.n;
  return {
    items: rows.map((r) => ({
      id: Number(r.id),
      at: r.at.toISOString(),
      actorType: r.actor_type,
      actorId: r.actor_id ?? null,
      actorEmail: r.actor_email ?? null,
      ip: r.ip ?? null,
      userAgent: r.user_agent ?? null,
      requestId: r.request_id ?? null,
      action: r.action,
      objectType: r.object_type,
      objectId: r.object_id ?? null,
      before: r.before ?? null,
      after: r.after ?? null,
    })),
    total,
    page: q.page,
    perPage: q.perPage,
    pages: Math.max(1, Math.ceil(total / q.perPage)),
    query: q,
    objectTypes: [...AUDITED_TABLES],
  };
}
