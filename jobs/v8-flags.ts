import type { QueueName } from '../src/queue/queues.ts';

/** What a worker that bills runs V8 with. */
export const BILLING_FLAG = '--optimize-for-size';

/**
 * A worker serving the billing queue runs with --optimize-for-size: V8 then grows its heap less
 * eagerly, which keeps a renewal run of 100,000 services within 60 MB of idle. A worker that does
 * not bill (mail, provisioning) has no such run, and for one sending email the flag's smaller heap
 * costs about a third more CPU per email in garbage collection (`npm run bench jobs`), so it goes
 * without. V8 takes the flag only as it starts: a billing worker started without it replaces
 * itself (same process id, nothing opened yet) with one that has it. Null when nothing changes.
 */
export function restartFor(queues: readonly QueueName[], execArgv: readonly string[] = process.execArgv): string[] | null {
  if (!queues.includes('billing') || execArgv.includes(BILLING_FLAG)) return null;
  return [BILLING_FLAG, ...execArgv];
}

/** Replaces this process with the same one under the flags restartFor asks for; returns only when none are needed (or the platform cannot). */
export function ensureV8Flags(queues: readonly QueueName[]): void {
  const flags = restartFor(queues);
  if (!flags || typeof process.execve !== 'function') return;
  try {
    process.execve(process.execPath, [process.execPath, ...flags, ...process.argv.slice(1)], process.env);
  } catch (err) {
    // Not fatal: the worker bills as well without the flag, only with a higher memory peak.
    console.error(`Could not restart with ${flags.join(' ')} (${(err as Error).message}); going on without it.`);
  }
}
