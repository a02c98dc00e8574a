import { Migration } from '@mikro-orm/migrations';

// The outbox's index on (processed_at, enqueued_at) becomes one partial index per question the
// relay asks: see the NOTE on OutboxMessage's indexes.
export class Migration20261205190000 extends Migration {
  override name = 'Migration20261205190000';

  override up(): void | Promise<void> {
    this.addSql(`create index "outbox_unclaimed_index" on "outbox" ("id") where processed_at is null and enqueued_at is null;`);
    this.addSql(
      `create index "outbox_handed_over_index" on "outbox" ("enqueued_at") where processed_at is null and enqueued_at is not null;`,
    );
    this.addSql(`drop index if exists "outbox_processed_at_enqueued_at_index";`);
  }

  override down(): void | Promise<void> {
    this.addSql(`create index "outbox_processed_at_enqueued_at_index" on "outbox" ("processed_at", "enqueued_at");`);
    this.addSql(`drop index if exists "outbox_handed_over_index";`);
    this.addSql(`drop index if exists "outbox_unclaimed_index";`);
  }
}
