import type { EntityManager } from '@mikro-orm/postgresql';
import { sql } from 'kysely';
import { db } from '../../db/database.ts';
import type { StaffRole } from './rules/roles.ts';

export type StaffStatus = 'active' | 'invited' | 'disabled';

export interface StaffRow {
  id: number;
  email: string;
  name: string;
  role: StaffRole;
  status: StaffStatus;
  twoFactor: boolean;
  lastSignInAt: Date | null;
  sessions: number;
  tokens: number;
}

/** Every staff member with what an owner checks at a glance: status, two-factor, sign-ins, tokens. */
export async function listStaff(em: EntityManager, now: Date, opts: { id?: number } = {}): Promise<StaffRow[]> {
  let q = db(em)
    .selectFrom('staff as s')
    .select([
      's.id',
      's.email',
      's.name',
      's.role',
      's.last_sign_in_at',
      sql<boolean>`s.totp_secret is not null`.as('two_factor'),
      sql<string>`case when s.disabled_at is not null then 'disabled' when s.password_hash is null then 'invited' else 'active' end`.as(
        'status',
      ),
      sql<number>`(select count(*) from session x where x.principal_type = 'staff' and x.principal_id = s.id and x.expires_at > ${now})::int`.as(
        'sessions',
      ),
      sql<number>`(select count(*) from api_token t where t.staff_id = s.id)::int`.as('tokens'),
    ])
    .orderBy('s.name')
    .orderBy('s.id');
  if (opts.id !== undefined) q = q.where('s.id', '=', opts.id);
  const rows = await q.execute();
  return rows.map((r) => ({
    id: r.id,
    email: r.email,
    name: r.name,
    role: r.role,
    status: r.status as StaffStatus,
    twoFactor: r.two_factor,
    lastSignInAt: r.last_sign_in_at,
    sessions: r.sessions,
    tokens: r.tokens,
  }));
}

export interface TokenRow {
  id: number;
  name: string;
  prefix: string;
  createdAt: Date;
  lastUsedAt: Date | null;
}

export async function listApiTokens(em: EntityManager, staffId: number): Promise<TokenRow[]> {
  const rows = await db(em)
    .selectFrom('api_token')
    .select(['id', 'name', 'prefix', 'created_at', 'last_used_at'])
    .where('staff_id', '=', staffId)
    .orderBy('id')
    .execute();
  return rows.map((r) => ({ id: r.id, name: r.name, prefix: r.prefix, createdAt: r.created_at, lastUsedAt: r.last_used_at }));
}
