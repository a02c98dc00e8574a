import { Migration } from '@mikro-orm/migrations';

// The built-in inbox: outside production without SMTP_URL, mail is kept here as it would have been
// sent (attachments' bytes included) for staff to read at /admin/inbox. One row per Message-ID, so
// a retried send never stores a message twice.
export class Migration20261204190000 extends Migration {
  override name = 'Migration20261204190000';

  override up(): void | Promise<void> {
    this.addSql(
      `create table "dev_inbox_message" ("id" bigserial primary key, "message_id" varchar(300) not null, "from" varchar(300) not null, "to" varchar(254) not null, "subject" varchar(300) not null, "html" text not null, "text" text not null, "attachments" jsonb not null default '[]', "received_at" timestamptz not null default now());`,
    );
    this.addSql(`alter table "dev_inbox_message" add constraint "dev_inbox_message_message_id_unique" unique ("message_id");`);
    this.addSql(`create index "dev_inbox_message_received_at_index" on "dev_inbox_message" ("received_at");`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "dev_inbox_message";`);
  }
}
