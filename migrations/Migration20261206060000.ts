import { Migration } from '@mikro-orm/migrations';

// Indexes every email pays for: mail_message's on status, which no query reads (a lease and
// "sent" change status, so each wrote a new entry in every index of the table), and the outbox's
// on failed_at, which kept an entry for every version of every row, failed or not, where only
// failed rows are ever looked for. See the NOTEs on MailMessage's and OutboxMessage's indexes.
export class Migration20261206060000 extends Migration {
  override name = 'Migration20261206060000';

  override up(): void | Promise<void> {
    this.addSql(`drop index if exists "mail_message_status_index";`);
    this.addSql(`create index "outbox_failed_index" on "outbox" ("failed_at") where failed_at is not null;`);
    this.addSql(`drop index if exists "outbox_failed_at_index";`);
  }

  override down(): void | Promise<void> {
    this.addSql(`create index "outbox_failed_at_index" on "outbox" ("failed_at");`);
    this.addSql(`drop index if exists "outbox_failed_index";`);
    this.addSql(`create index "mail_message_status_index" on "mail_message" ("status");`);
  }
}
