import pg from 'pg';

/** The channel the database's change triggers notify on (see the migration that adds them). */
export const CHANGE_CHANNEL = 'hb_changes';

/**
 * What changed, as the triggers say it: a table name ("package", "currency", ...) for catalog and
 * settings writes, or `held:<packageId>` when units of a package were taken or given back.
 * `reset` means the feed was down for a while: anything may have changed.
 */
export type Change = string;
export type ChangeListener = (change: Change) => void;

/**
 * Listens for committed changes on one dedicated connection (LISTEN/NOTIFY).
 * NOTE: PostgreSQL delivers a NOTIFY only when its transaction commits, and never for a rolled
 * back one, so every web process hears of every write after it is visible, whichever process or
 * script made it, without anyone having to remember to say so. While the connection is down
 * `live` is false and caches built on it must not serve; on reconnect listeners get `reset`.
 */
export class ChangeFeed {
  private client: pg.Client | null = null;
  private listeners = new Set<ChangeListener>();
  private stopped = false;
  private retry: NodeJS.Timeout | null = null;
  live = false;

  constructor(
    private readonly url: string,
    private readonly retryMs = 1000,
  ) {}

  on(listener: ChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Resolves once listening, or once the first try failed (it then keeps trying). */
  async start(): Promise<void> {
    this.stopped = false;
    await this.connect().catch(() => this.scheduleRetry());
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.retry) clearTimeout(this.retry);
    this.retry = null;
    this.live = false;
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
  }

  private emit(change: Change) {
    for (const l of this.listeners) l(change);
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({ connectionString: this.url, application_name: 'hostbill-change-feed' });
    client.on('notification', (n) => {
      if (n.channel === CHANGE_CHANNEL && n.payload) this.emit(n.payload);
    });
    client.on('error', () => this.lost(client));
    client.on('end', () => this.lost(client));
    await client.connect();
    await client.query(`LISTEN ${CHANGE_CHANNEL}`);
    this.client = client;
    this.live = true;
    // Whatever happened while nobody was listening is unknown: start from nothing.
    this.emit('reset');
  }

  private lost(client: pg.Client) {
    if (this.client !== client) return;
    this.client = null;
    this.live = false;
    this.emit('reset');
    client.end().catch(() => undefined);
    if (!this.stopped) this.scheduleRetry();
  }

  private scheduleRetry() {
    if (this.retry) return;
    this.retry = setTimeout(() => {
      this.retry = null;
      if (this.stopped) return;
      this.connect().catch(() => this.scheduleRetry());
    }, this.retryMs);
    this.retry.unref();
  }
}
