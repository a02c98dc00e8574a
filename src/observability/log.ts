import { AsyncLocalStorage } from 'node:async_hooks';
import { pino, type Level } from 'pino';

// Structured JSON logs, one line per event, for every process. A request's id (its
// X-Request-Id, or a new one) is on every line logged while it is handled, is kept on the outbox
// rows it records, and comes back on the lines of the jobs those rows become (and of the jobs
// those record in turn), so one id finds everything a click caused.

interface LogContext {
  requestId: string;
  /** The job being run ("send-mail#outbox-12:0"), when it is one. */
  job?: string;
}

const context = new AsyncLocalStorage<LogContext>();

/**
 * stdout, written asynchronously: a line logged while a write is under way joins the next one,
 * so a process answering thousands of requests a second makes few write calls, not one per line
 * (process.stdout on a pipe writes synchronously). Idle, a line still goes out at once.
 */
const stdout = pino.destination({ dest: 1, sync: false });
// Whatever is still buffered goes out before the process ends, process.exit() included.
process.once('exit', () => {
  try {
    stdout.flushSync();
  } catch {
    // stdout already closed: nothing left to tell.
  }
});

/** Where lines go: stdout, unless a test is reading them. */
let sink: { write(line: string): void } = stdout;

export const log = pino(
  {
    level: (process.env.LOG_LEVEL as Level | undefined) ?? 'info',
    base: { pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    // Secrets never reach a log line, whoever logs them.
    redact: {
      paths: ['password', '*.password', 'token', '*.token', 'authorization', '*.authorization', 'secret', '*.secret'],
      censor: '[hidden]',
    },
    mixin: () => context.getStore() ?? {},
  },
  { write: (line: string) => sink.write(line) },
);

/**
 * Start-up lines ("Web listening on …", "Worker serving: …") at info whatever LOG_LEVEL says:
 * a process run at warn still says where it listens, and whoever starts it waits for that line.
 */
export const announce = log.child({}, { level: 'info' });

export function setLogLevel(level: string): void {
  log.level = level;
}

/** Sends log lines to `to` instead of stdout (a test reading them); returns how to put it back. */
export function redirectLogs(to: { write(line: string): void }): () => void {
  const before = sink;
  sink = to;
  return () => (sink = before);
}

export function withLogContext<T>(ctx: LogContext, fn: () => T): T {
  return context.run(ctx, fn);
}

/** Runs `fn` with its lines under another request's id (one email of a batch), the job kept. */
export function withRequestId<T>(requestId: string | undefined, fn: () => T): T {
  const now = context.getStore();
  return requestId ? context.run({ ...now, requestId }, fn) : fn();
}

export function currentRequestId(): string | undefined {
  return context.getStore()?.requestId;
}
