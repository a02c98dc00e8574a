/**
 * One statement for many callers: calls made in the same turn of the event loop, or while the
 * previous batch is at the database, go together as one batch (one round trip instead of one per
 * caller). There is no timer: a lone call waits only for the current turn to end, and batches
 * grow by themselves when the database is the busy part (ten mail jobs at once: one UPDATE).
 *
 * `one` is the single-call statement: used for a batch of one, and for each call of a batch whose
 * statement failed, so one caller's bad row, a deadlock or a dropped connection costs the others
 * nothing but a second try.
 * NOTE: `batch` must return one result per input, in input order.
 */
export function coalesce<I, O>(run: {
  batch: (inputs: readonly I[]) => Promise<O[]>;
  one: (input: I) => Promise<O>;
  max?: number;
}): (input: I) => Promise<O> {
  const max = run.max ?? 100;
  type Waiting = { input: I; resolve: (o: O) => void; reject: (err: unknown) => void };
  let waiting: Waiting[] = [];
  let busy = false;
  let scheduled = false;

  const settleEach = (calls: Waiting[]) => Promise.all(calls.map((c) => run.one(c.input).then(c.resolve, c.reject)));

  async function flush() {
    scheduled = false;
    if (busy || !waiting.length) return;
    const calls = waiting.slice(0, max);
    waiting = waiting.slice(max);
    busy = true;
    try {
      if (calls.length === 1) {
        await settleEach(calls);
      } else {
        const out = await run.batch(calls.map((c) => c.input)).catch(() => null);
        if (out) calls.forEach((c, i) => c.resolve(out[i]!));
        else await settleEach(calls);
      }
    } finally {
      busy = false;
      if (waiting.length) schedule();
    }
  }

  function schedule() {
    if (scheduled) return;
    scheduled = true;
    setImmediate(() => void flush());
  }

  return (input) =>
    new Promise<O>((resolve, reject) => {
      waiting.push({ input, resolve, reject });
      if (!busy) schedule();
    });
}
