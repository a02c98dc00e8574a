import type { EntityManager } from '@mikro-orm/postgresql';
import { ACTOR_VARIABLE, actorVariable, type AuditActor } from './rules/audit-actor.ts';

/**
 * From now on, every write through `em` (and its forks) is recorded in the audit trail as
 * `actor`'s: each transaction it opens sets the actor first (MikroORM's session context, `set
 * local`), and db(em) runs a write made outside a transaction in a transaction of its own.
 */
export function recordWritesAs(em: EntityManager, actor: AuditActor): void {
  em.setSessionContext({ variables: { [ACTOR_VARIABLE]: actorVariable(actor) } });
}
