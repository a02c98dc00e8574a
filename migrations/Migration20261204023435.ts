import { Migration } from '@mikro-orm/migrations';

// Add-on services: a service's parent, and the running service an order line adds an add-on to.
export class Migration20261204023435 extends Migration {
  override name = 'Migration20261204023435';

  override up(): void | Promise<void> {
    this.addSql(`alter table "service" add "parent_id" int null;`);
    this.addSql(
      `alter table "service" add constraint "service_parent_id_foreign" foreign key ("parent_id") references "service" ("id") on delete restrict;`,
    );
    this.addSql(`create index "service_parent_id_index" on "service" ("parent_id");`);

    this.addSql(`alter table "order_line" add "parent_service_id" int null;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "order_line" drop column "parent_service_id";`);
    this.addSql(`drop index "service_parent_id_index";`);
    this.addSql(`alter table "service" drop constraint "service_parent_id_foreign";`);
    this.addSql(`alter table "service" drop column "parent_id";`);
  }
}
