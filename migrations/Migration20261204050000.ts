import { Migration } from '@mikro-orm/migrations';

// Staff add packages to clients: who placed an order, and whether they overrode stock and limits.
export class Migration20261204050000 extends Migration {
  override name = 'Migration20261204050000';

  override up(): void | Promise<void> {
    this.addSql(`alter table "client_order" add "placed_by" varchar(120) null, add "limits_overridden" boolean not null default false;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "client_order" drop column "placed_by", drop column "limits_overridden";`);
  }
}
