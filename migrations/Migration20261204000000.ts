import { Migration } from '@mikro-orm/migrations';

// Staff sessions are read on every admin request, so web processes cache them (see
// find-signed-in-staff.ts); a sign-in, sign-out or purge says so on hb_changes like the
// catalog's writes do (Migration20261203180000 defines hb_notify_table).
export class Migration20261204000000 extends Migration {
  override name = 'Migration20261204000000';

  override up(): void | Promise<void> {
    this.addSql(
      `create trigger hb_changes after insert or update or delete or truncate on "session" for each statement execute function hb_notify_table();`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`drop trigger if exists hb_changes on "session";`);
  }
}
