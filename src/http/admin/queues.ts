import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { HonoAdapter } from '@bull-board/hono';
import { serveStatic } from '@hono/node-server/serve-static';
import type { Queue } from 'bullmq';

export const QUEUES_PATH = '/admin/queues';

/** The BullMQ dashboard; mounted behind staff sign-in (support may look, not act). */
export function queueBoard(queues: Queue[]) {
  const adapter = new HonoAdapter(serveStatic);
  adapter.setBasePath(QUEUES_PATH);
  createBullBoard({ queues: queues.map((q) => new BullMQAdapter(q, { readOnlyMode: false })), serverAdapter: adapter, options: { uiConfig: { boardTitle: 'Hostbill queues' } } });
  return adapter.registerPlugin();
}
