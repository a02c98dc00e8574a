/**
 * `fn` over every item, no more than `atMost` running at once, each started as soon as one
 * before it settles; results in the items' order. An item that throws ends its lane; the other
 * lanes go on through the rest, and once all have ended the call rejects with the error of the
 * first lane that failed: nothing is left running behind the caller's back.
 */
export async function mapAtMost<T, R>(items: readonly T[], atMost: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]!);
    }
  };
  const lanes = Array.from({ length: Math.max(1, Math.min(atMost, items.length)) }, lane);
  const settled = await Promise.allSettled(lanes);
  const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed) throw failed.reason;
  return results;
}
