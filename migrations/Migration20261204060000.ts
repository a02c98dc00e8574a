import { Migration } from '@mikro-orm/migrations';

// Configurable options shared across packages: each option group is defined once and attached to
// any number of packages (package_option_group), and a package may override an option's price
// (package_option_price). Every existing group becomes a shared group attached to the one package
// it belonged to, at the same place, with the same options and prices: no price changes.
export class Migration20261204060000 extends Migration {
  override name = 'Migration20261204060000';

  override up(): void | Promise<void> {
    this.addSql(
      `create table "package_option_group" ("id" serial primary key, "package_id" int not null, "group_id" int not null, "position" int not null default 0);`,
    );
    this.addSql(`create index "package_option_group_group_id_index" on "package_option_group" ("group_id");`);
    this.addSql(
      `alter table "package_option_group" add constraint "package_option_group_package_id_group_id_unique" unique ("package_id", "group_id");`,
    );
    this.addSql(
      `alter table "package_option_group" add constraint "package_option_group_package_id_foreign" foreign key ("package_id") references "package" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "package_option_group" add constraint "package_option_group_group_id_foreign" foreign key ("group_id") references "variant_group" ("id") on delete cascade;`,
    );

    this.addSql(
      `create table "package_option_price" ("id" serial primary key, "package_id" int not null, "option_id" int not null, "price_name" varchar(60) not null, "currency" varchar(3) not null, "price" numeric(19,4) not null default '0', "setup_fee" numeric(19,4) not null default '0');`,
    );
    this.addSql(`create index "package_option_price_option_id_index" on "package_option_price" ("option_id");`);
    this.addSql(
      `alter table "package_option_price" add constraint "package_option_price_package_id_option_id_price_n_f4a71_unique" unique ("package_id", "option_id", "price_name", "currency");`,
    );
    this.addSql(
      `alter table "package_option_price" add constraint "package_option_price_amounts_check" check (price >= 0 and setup_fee >= 0);`,
    );
    this.addSql(
      `alter table "package_option_price" add constraint "package_option_price_package_id_foreign" foreign key ("package_id") references "package" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "package_option_price" add constraint "package_option_price_option_id_foreign" foreign key ("option_id") references "variant_option" ("id") on delete cascade;`,
    );

    // Web processes drop their cached store pages when either changes (see Migration20261203180000).
    for (const t of ['package_option_group', 'package_option_price']) {
      this.addSql(
        `create trigger hb_changes after insert or update or delete or truncate on "${t}" for each statement execute function hb_notify_table();`,
      );
    }
    this.addSql(
      `insert into "package_option_group" ("package_id", "group_id", "position") select "package_id", "id", "position" from "variant_group" order by "id";`,
    );
    this.addSql(`alter table "variant_group" drop constraint "variant_group_package_id_foreign";`);
    this.addSql(`alter table "variant_group" drop column "package_id";`);
    this.addSql(
      `alter table "variant_group" add "type" varchar(10) not null default 'choice', add "display" varchar(10) not null default 'radio', add "min_quantity" int not null default 0, add "max_quantity" int not null default 1, add "pattern" varchar(200) not null default '', add "upgradable" boolean not null default false, add "created_at" timestamptz not null default now();`,
    );
    this.addSql(
      `alter table "variant_group" add constraint "variant_group_type_check" check (type in ('choice', 'quantity', 'yesno', 'text'));`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "variant_group" add "package_id" int null;`);
    // A group attached to several packages goes back to the first of them.
    this.addSql(
      `update "variant_group" g set "package_id" = (select pg."package_id" from "package_option_group" pg where pg."group_id" = g."id" order by pg."id" limit 1);`,
    );
    this.addSql(`delete from "variant_group" where "package_id" is null;`);
    this.addSql(`alter table "variant_group" alter column "package_id" set not null;`);
    this.addSql(
      `alter table "variant_group" add constraint "variant_group_package_id_foreign" foreign key ("package_id") references "package" ("id") on delete cascade;`,
    );
    this.addSql(`alter table "variant_group" drop constraint "variant_group_type_check";`);
    this.addSql(
      `alter table "variant_group" drop column "type", drop column "display", drop column "min_quantity", drop column "max_quantity", drop column "pattern", drop column "upgradable", drop column "created_at";`,
    );
    this.addSql(`drop table "package_option_price";`);
    this.addSql(`drop table "package_option_group";`);
  }
}
