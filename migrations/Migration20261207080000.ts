import { Migration } from '@mikro-orm/migrations';

// Room on each page of mail_message for the two updates every email gets right after it is stored
// (its lease, then "sent"), so they stay on the page (HOT) and write no index entries. See the
// NOTE on MailMessage. Pages already full keep their rows; new rows are stored with the room.
export class Migration20261207080000 extends Migration {
  override name = 'Migration20261207080000';

  override up(): void | Promise<void> {
    this.addSql(`alter table "mail_message" set (fillfactor = 50);`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "mail_message" reset (fillfactor);`);
  }
}
