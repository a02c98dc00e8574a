import { Migration } from '@mikro-orm/migrations';

// Billing messages staff word themselves, per event and language; an event with no row here is
// sent in its built-in wording. Which events are off and the reminder days live in the setting
// table (key 'notices').
export class Migration20261204150000 extends Migration {
  override name = 'Migration20261204150000';

  override up(): void | Promise<void> {
    this.addSql(
      `create table "message_template" ("id" serial primary key, "event" varchar(40) not null, "language" varchar(10) not null, "subject" varchar(200) not null, "html" text not null, "text" text not null, "updated_at" timestamptz not null default now());`,
    );
    this.addSql(`alter table "message_template" add constraint "message_template_event_language_unique" unique ("event", "language");`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "message_template" cascade;`);
  }
}
