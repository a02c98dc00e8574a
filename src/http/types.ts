import type { EntityManager } from '@mikro-orm/postgresql';
import type { Config } from '../config.ts';
import type { Orm } from '../db/orm.ts';
import type { StaffRole } from '../modules/staff/rules/roles.ts';
import type { Relay } from '../queue/relay.ts';

export interface AppDeps {
  orm: Orm;
  config: Config;
  /** The clock; tests pass a fixed one. */
  now?: () => Date;
  /** Readiness probe for Redis; absent in processes that do not use it. */
  pingRedis?: () => Promise<unknown>;
  /** Enqueues committed outbox work; absent without Redis (the worker's sweep then does it). */
  relay?: Relay;
}

export interface CurrentStaff {
  id: number;
  email: string;
  name: string;
  role: StaffRole;
}

export type Env = {
  Variables: {
    em: EntityManager;
    now: Date;
    deps: AppDeps;
    staff: CurrentStaff | null;
    sessionToken: string | null;
    csrfToken: string | null;
  };
};
