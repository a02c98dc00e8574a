import { Hono, type Handler } from 'hono';
import type { Queue } from 'bullmq';
import type { Env } from '../types.ts';

export const QUEUES_PATH = '/admin/queues';

/**
 * The BullMQ dashboard; mounted behind staff sign-in (support may look, not act).
 * NOTE: built on its first request: the dashboard's code (and its templates) stay out of the
 * web process's memory until staff open it.
 */
export function queueBoard(queues: Queue[]): Handler<Env> {
  let board: Promise<Hono> | null = null;
  const build = async () => {
    const [{ createBullBoard }, { BullMQAdapter }, { HonoAdapter }, { serveStatic }] = await Promise.all([
      import('@bull-board/api'),
      import('@bull-board/api/bullMQAdapter'),
      import('@bull-board/hono'),
      import('@hono/node-server/serve-static'),
    ]);
    const adapter = new HonoAdapter(serveStatic);
    adapter.setBasePath(QUEUES_PATH);
    createBullBoard({
      queues: queues.map((q) => new BullMQAdapter(q, { readOnlyMode: false })),
      serverAdapter: adapter,
      options: { uiConfig: { boardTitle: 'Hostbill queues' } },
    });
    return new Hono().route(QUEUES_PATH, adapter.registerPlugin());
  };
  return async (c) => {
    board ??= build().catch((err: unknown) => {
      board = null;
      throw err;
    });
    return (await board).fetch(c.req.raw, c.env);
  };
}
