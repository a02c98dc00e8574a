import { Migration } from '@mikro-orm/migrations';

// Add-on groups: the packages in each group, and the groups each package offers. Their writes
// say so on hb_changes (Migration20261203180000), as the rest of the catalog's do, so cached
// store pages that show add-ons are dropped in every web process.
const TABLES = ['addon_group', 'addon_group_package', 'package_addon_group'];

export class Migration20261204022601 extends Migration {
  override name = 'Migration20261204022601';

  override up(): void | Promise<void> {
    this.addSql(
      `create table "addon_group" ("id" serial primary key, "name" varchar(120) not null, "names" jsonb not null default '{}', "position" int not null default 0, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now());`,
    );

    this.addSql(
      `create table "package_addon_group" ("package_id" int not null, "addon_group_id" int not null, primary key ("package_id", "addon_group_id"));`,
    );

    this.addSql(
      `create table "addon_group_package" ("addon_group_id" int not null, "package_id" int not null, primary key ("addon_group_id", "package_id"));`,
    );

    this.addSql(
      `alter table "package_addon_group" add constraint "package_addon_group_package_id_foreign" foreign key ("package_id") references "package" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "package_addon_group" add constraint "package_addon_group_addon_group_id_foreign" foreign key ("addon_group_id") references "addon_group" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "addon_group_package" add constraint "addon_group_package_addon_group_id_foreign" foreign key ("addon_group_id") references "addon_group" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "addon_group_package" add constraint "addon_group_package_package_id_foreign" foreign key ("package_id") references "package" ("id") on update cascade on delete cascade;`,
    );

    for (const t of TABLES) {
      this.addSql(
        `create trigger hb_changes after insert or update or delete or truncate on "${t}" for each statement execute function hb_notify_table();`,
      );
    }
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "package_addon_group" cascade;`);
    this.addSql(`drop table if exists "addon_group_package" cascade;`);
    this.addSql(`drop table if exists "addon_group" cascade;`);
  }
}
