import { Migration } from '@mikro-orm/migrations';

// The id of the request (or job) that recorded an outbox row, so the job it becomes logs under
// the same id.
export class Migration20261204160000 extends Migration {
  override name = 'Migration20261204160000';

  override up(): void | Promise<void> {
    this.addSql(`alter table "outbox" add column "request_id" varchar(100) null;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "outbox" drop column if exists "request_id";`);
  }
}
