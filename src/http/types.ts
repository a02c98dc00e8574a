import type { EntityManager } from '@mikro-orm/postgresql';
import type { Config } from '../config.ts';
import type { Orm } from '../db/orm.ts';
import type { StaffRole } from '../modules/staff/rules/roles.ts';
import type { Relay } from '../queue/relay.ts';
import type { Queue } from 'bullmq';
import type { WebMetrics } from '../observability/metrics.ts';

export interface AppDeps {
  orm: Orm;
  config: Config;
  /** The clock; tests pass a fixed one. */
  now?: () => Date;
  /** Readiness probe for Redis; absent in processes that do not use it. */
  pingRedis?: () => Promise<unknown>;
  /** Enqueues committed outbox work; absent without Redis (the worker's sweep then does it). */
  relay?: Relay;
  /** Producers for every queue, for the dashboard at /admin/queues; absent without Redis. */
  queues?: Queue[];
  /** The process's metrics registry (made by createApp when not given). */
  metrics?: WebMetrics;
}

export interface CurrentStaff {
  id: number;
  email: string;
  name: string;
  role: StaffRole;
  /** Two-factor sign-in is on (unknown for an API token). */
  twoFactor?: boolean;
}

export interface CurrentClient {
  id: number;
  email: string;
  name: string;
  /** The profile's language code (null: the browser's, then the store's). */
  language: string | null;
}

export type Env = {
  Variables: {
    em: EntityManager;
    now: Date;
    deps: AppDeps;
    staff: CurrentStaff | null;
    /** The signed-in client (the hb_client cookie), set on client-area routes. */
    client: CurrentClient | null;
    sessionToken: string | null;
    csrfToken: string | null;
    /** This request's id (its X-Request-Id), set first of all. */
    requestId?: string;
  };
};
