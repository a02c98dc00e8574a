import { purgeExpiredSessions } from '../src/modules/auth/purge-expired-sessions.ts';
import { processorFor } from './run-job.ts';

export const maintenanceProcessor = processorFor('maintenance', {
  purgeExpiredSessions: async (_payload, { ctx }) => ({ removed: await purgeExpiredSessions(ctx.orm.em.fork(), new Date()) }),
  relayOutbox: async (_payload, { ctx }) => ({ relayed: await ctx.relay.sweep() }),
});
