import pg from 'pg';

/**
 * Runs `action` while another connection's transaction holds what `hold` locked: the action is
 * given time to reach its wait, then `meanwhile` runs in that transaction and it commits.
 * Resolves to what the action returned, or to what it threw (so a test can check a refusal).
 */
export async function whileHeld(
  url: string,
  hold: (other: pg.Client) => Promise<unknown>,
  action: () => Promise<unknown>,
  meanwhile: (other: pg.Client) => Promise<unknown> = () => Promise.resolve(),
): Promise<unknown> {
  const other = new pg.Client({ connectionString: url });
  await other.connect();
  try {
    await other.query('begin');
    await hold(other);
    const acting = action().catch((err: unknown) => err);
    await new Promise((r) => setTimeout(r, 300)); // the action now waits on what is held
    await meanwhile(other);
    await other.query('commit');
    return await acting;
  } finally {
    await other.end();
  }
}
