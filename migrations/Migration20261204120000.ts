import { Migration } from '@mikro-orm/migrations';

// An email can carry attachments, stored as what to attach (an invoice's PDF, say) and rendered
// when the email is sent, so no file is kept in the database.
export class Migration20261204120000 extends Migration {
  override name = 'Migration20261204120000';

  override up(): void | Promise<void> {
    this.addSql(`alter table "mail_message" add "attachments" jsonb not null default '[]';`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "mail_message" drop column "attachments";`);
  }
}
