import { purgeExpiredSessions } from '../src/modules/auth/purge-expired-sessions.ts';
import { purgeStaleCarts } from '../src/modules/store/purge-stale-carts.ts';
import { pruneOutbox } from '../src/modules/outbox/prune-outbox.ts';
import { processorFor } from './run-job.ts';

export const maintenanceProcessor = processorFor('maintenance', {
  purgeExpiredSessions: async (_payload, { ctx }) => ({ removed: await purgeExpiredSessions(ctx.orm.em.fork(), new Date()) }),
  purgeStaleCarts: async (_payload, { ctx }) => ({ removed: await purgeStaleCarts(ctx.orm.em.fork(), new Date()) }),
  pruneOutbox: async (_payload, { ctx }) => ({ removed: await pruneOutbox(ctx.orm.em.fork(), new Date()) }),
  relayOutbox: async (_payload, { ctx }) => ({ relayed: await ctx.relay.sweep() }),
});
