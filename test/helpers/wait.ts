/** Polls `check` every 100 ms until it holds; on time-out, throws with what `explain` says. */
export async function until(check: () => Promise<boolean> | boolean, ms = 20_000, explain: () => string = () => '') {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting${explain() ? `\n${explain()}` : ''}`);
}
