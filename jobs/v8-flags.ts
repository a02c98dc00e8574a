import { accessSync, constants } from 'node:fs';
import type { QueueName } from '../src/queue/queues.ts';

/** What a worker that bills runs V8 with. */
export const BILLING_FLAG = '--optimize-for-size';

/** The young generation of a worker that sends email (and does not bill), in MB. */
export const MAIL_SEMI_SPACE_MB = 16;
const SEMI_SPACE = /^--max-semi-space-size=(\d+)$/;

/**
 * A worker serving the billing queue runs with --optimize-for-size: V8 then grows its heap less
 * eagerly, which keeps a renewal run of 100,000 services within 60 MB of idle. A worker that does
 * not bill (mail, provisioning) has no such run, and for one sending email the flag's smaller heap
 * costs about a third more CPU per email in garbage collection (`npm run bench jobs`), so it goes
 * without. A worker that sends email and does not bill also gets a young generation of 16 MB
 * where the scripts set 4 (a web process's size): composing and streaming a message is all
 * short-lived garbage, and with 4 MB about a fifth of its CPU went to collecting it (1.44 ms of
 * CPU per email against 1.17-1.24, for 20 MB more at rest and none more after the bench).
 * V8 takes these flags only as it starts: a worker started without them replaces itself (same
 * process id, nothing opened yet) with one that has them. Null when nothing changes.
 */
export function restartFor(queues: readonly QueueName[], execArgv: readonly string[] = process.execArgv): string[] | null {
  if (queues.includes('billing')) return execArgv.includes(BILLING_FLAG) ? null : [BILLING_FLAG, ...execArgv];
  if (!queues.includes('mail')) return null;
  const set = execArgv.map((a) => SEMI_SPACE.exec(a)).find((m) => m);
  // With no size set V8 sizes it from the heap's limit: left to it.
  if (!set || Number(set[1]) >= MAIL_SEMI_SPACE_MB) return null;
  return [...execArgv.filter((a) => !SEMI_SPACE.test(a)), `--max-semi-space-size=${MAIL_SEMI_SPACE_MB}`];
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
  // (a binary gone or not executable) is checked first. The worker bills and sends as well without
  // the flags, only with a higher memory peak or more CPU per email, so it goes on without them.
  try {
    accessSync(execPath, constants.X_OK);
  } catch (err) {
    console.error(`Could not restart with ${flags.join(' ')} (${(err as Error).message}); going on without it.`);
    return;
  }
  process.execve(execPath, [execPath, ...flags, ...process.argv.slice(1)], { ...env, [RESTARTED_ENV]: '1' });
}
