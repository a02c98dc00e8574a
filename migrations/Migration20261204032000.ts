import { Migration } from '@mikro-orm/migrations';

// Shopping carts, kept by the browser's cart cookie (its hash), with their lines.
export class Migration20261204032000 extends Migration {
  override name = 'Migration20261204032000';

  override up(): void | Promise<void> {
    this.addSql(
      `create table "cart" ("id" serial primary key, "token_hash" varchar(64) not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now());`,
    );
    this.addSql(`alter table "cart" add constraint "cart_token_hash_unique" unique ("token_hash");`);
    this.addSql(`create index "cart_updated_at_index" on "cart" ("updated_at");`);

    this.addSql(
      `create table "cart_line" ("id" serial primary key, "cart_id" int not null, "package_id" int not null, "price_name" varchar(60) not null, "option_ids" jsonb not null default '[]', "quantity" int not null default 1, "parent_id" int null, "created_at" timestamptz not null default now());`,
    );
    this.addSql(`create index "cart_line_cart_id_index" on "cart_line" ("cart_id");`);
    this.addSql(
      `alter table "cart_line" add constraint "cart_line_cart_id_foreign" foreign key ("cart_id") references "cart" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "cart_line" add constraint "cart_line_package_id_foreign" foreign key ("package_id") references "package" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "cart_line" add constraint "cart_line_parent_id_foreign" foreign key ("parent_id") references "cart_line" ("id") on delete cascade;`,
    );
    this.addSql(`alter table "cart_line" add constraint "cart_line_quantity_check" check (quantity >= 1 and quantity <= 100);`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "cart_line" cascade;`);
    this.addSql(`drop table if exists "cart" cascade;`);
  }
}
