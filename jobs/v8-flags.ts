import { accessSync, constants } from 'node:fs';
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

/** Set on the replacement process, so it never tries to replace itself again. */
export const RESTARTED_ENV = 'HOSTBILL_V8_RESTARTED';

/** Replaces this process with the same one under the flags restartFor asks for; returns only when none are needed (or it cannot). */
export function ensureV8Flags(
  queues: readonly QueueName[],
  { env = process.env, execPath = process.execPath }: { env?: NodeJS.ProcessEnv; execPath?: string } = {},
): void {
  const flags = restartFor(queues);
  if (!flags || typeof process.execve !== 'function' || env[RESTARTED_ENV]) return;
  // NOTE: a failed execve(2) aborts Node outright rather than throwing, so what could make it fail
  // (a binary gone or not executable) is checked first. The worker bills as well without the flag,
  // only with a higher memory peak, so it goes on without it.
  try {
    accessSync(execPath, constants.X_OK);
  } catch (err) {
    console.error(`Could not restart with ${flags.join(' ')} (${(err as Error).message}); going on without it.`);
    return;
  }
  process.execve(execPath, [execPath, ...flags, ...process.argv.slice(1)], { ...env, [RESTARTED_ENV]: '1' });
}
