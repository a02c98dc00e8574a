import { Migration } from '@mikro-orm/migrations';

export class Migration20261203075957 extends Migration {
  override name = 'Migration20261203075957';

  override up(): void | Promise<void> {
    this.addSql(
      `alter table "outbox" add "attempt" int not null default 0, add "failed_at" timestamptz null, add "last_error" text null, add "gave_up" boolean not null default false;`,
    );
    this.addSql(`create index "outbox_failed_at_index" on "outbox" ("failed_at");`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop index "outbox_failed_at_index";`);
    this.addSql(`alter table "outbox" drop column "attempt", drop column "failed_at", drop column "last_error", drop column "gave_up";`);
  }
}
