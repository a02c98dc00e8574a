import { Migration } from '@mikro-orm/migrations';

// An email carrying a secret (a password or invitation link) names it here, and sending the
// email removes it from the stored text and drops it: the link lives in the database only until
// it is delivered.
export class Migration20261204180000 extends Migration {
  override name = 'Migration20261204180000';

  override up(): void | Promise<void> {
    this.addSql(`alter table "mail_message" add column "secret" varchar(200) null;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "mail_message" drop column if exists "secret";`);
  }
}
