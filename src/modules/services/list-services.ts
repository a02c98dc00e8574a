import { containsPattern, idOf } from '../shared/list-query.ts';
import type { EntityManager } from '@mikro-orm/postgresql';
import { sql } from 'kysely';
import { z } from 'zod';
import { db } from '../../db/database.ts';
import { SERVICE_STATUSES, type ServiceStatus } from '../shared/statuses.ts';
import { bool } from '../shared/fields.ts';
import { parseInput } from '../shared/validation.ts';

export const listServicesQuery = z.object({
  q: z.string().trim().max(200, 'Search for at most 200 characters.').optional().default(''),
  status: z.preprocess((v) => (v === '' ? undefined : v), z.enum(SERVICE_STATUSES, { error: 'Choose a status.' }).optional()),
  /** Pending services whose provisioning failed (they carry the error): what staff retry. */
  failed: bool.default(false),
  clientId: z.preprocess((v) => (v === '' ? undefined : v), z.coerce.number().int().min(1).max(2_147_483_647).optional()),
  page: z.preprocess((v) => (v === '' ? undefined : v), z.coerce.number({ error: 'Choose a page.' }).int().min(1).max(100_000).default(1)),
});

export interface ServiceRow {
  id: number;
  status: ServiceStatus;
  clientId: number;
  clientName: string;
  clientEmail: string;
  packageId: number;
  packageName: string;
  nextDueDate: string | null;
  /** The day a cancellation at the end of the term ends it, if one is set. */
  cancelAt: string | null;
  lastError: string | null;
  createdAt: string;
}

const PER_PAGE = 25;

/** Services for staff: search by client or package, filter by status, newest first. */
export async function listServices(em: EntityManager, raw: unknown) {
  const q = parseInput(listServicesQuery, raw);
  const like = containsPattern(q.q);
  const serviceId = idOf(q.q);
  const rows = await db(em)
    .selectFrom('service as s')
    .innerJoin('client as c', 'c.id', 's.client_id')
    .innerJoin('package as p', 'p.id', 's.package_id')
    .select([
      's.id',
      's.status',
      's.client_id',
      'c.name as client_name',
      'c.email as client_email',
      's.package_id',
      'p.name as package_name',
      's.next_due_date',
      's.cancel_at',
      's.last_error',
      's.created_at',
    ])
    .select(sql<number>`count(*) over ()::int`.as('total'))
    .where((eb) =>
      eb.and([
        ...(like
          ? [
              eb.or([
                eb('c.name', 'ilike', like),
                eb('c.email', 'ilike', like),
                eb('p.name', 'ilike', like),
                ...(serviceId === null ? [] : [eb('s.id', '=', serviceId)]),
              ]),
            ]
          : []),
        ...(q.status ? [eb('s.status', '=', q.status)] : []),
        ...(q.clientId ? [eb('s.client_id', '=', q.clientId)] : []),
        ...(q.failed ? [eb('s.status', '=', 'pending'), eb('s.last_error', 'is not', null)] : []),
      ]),
    )
    .orderBy('s.id', 'desc')
    .limit(PER_PAGE)
    .offset((q.page - 1) * PER_PAGE)
    .execute();
  const items: ServiceRow[] = rows.map((r) => ({
    id: r.id,
    status: r.status,
    clientId: r.client_id,
    clientName: r.client_name,
    clientEmail: r.client_email,
    packageId: r.package_id,
    packageName: r.package_name,
    nextDueDate: r.next_due_date,
    cancelAt: r.cancel_at,
    lastError: r.last_error,
    createdAt: r.created_at.toISOString(),
  }));
  const total = rows[0]?.total ?? 0;
  return { items, total, query: q, pages: Math.max(1, Math.ceil(total / PER_PAGE)) };
}
