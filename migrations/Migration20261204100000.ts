import { Migration } from '@mikro-orm/migrations';

// Coupons: codes with a percent or a fixed amount per currency, the packages they apply to, their
// uses per order, the coupon each service renews with, and the code entered on a cart.
export class Migration20261204100000 extends Migration {
  override name = 'Migration20261204100000';

  override up(): void | Promise<void> {
    this.addSql(
      `create table "coupon" ("id" serial primary key, "code" varchar(40) not null, "kind" varchar(8) not null, "percent" numeric(7,4) null, "duration" varchar(8) not null default 'once', "cycles" int null, "starts_on" date null, "ends_on" date null, "max_uses" int null, "max_uses_per_client" int null, "uses" int not null default 0, "for_orders" boolean not null default true, "for_changes" boolean not null default false, "active" boolean not null default true, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now());`,
    );
    this.addSql(`alter table "coupon" add constraint "coupon_code_unique" unique ("code");`);
    this.addSql(
      `create table "coupon_amount" ("id" serial primary key, "coupon_id" int not null, "currency" varchar(3) not null, "amount" numeric(19,4) not null);`,
    );
    this.addSql(`alter table "coupon_amount" add constraint "coupon_amount_coupon_id_currency_unique" unique ("coupon_id", "currency");`);
    this.addSql(
      `create table "coupon_use" ("id" serial primary key, "coupon_id" int not null, "client_id" int not null, "order_id" int not null, "status" varchar(8) not null default 'live', "created_at" timestamptz not null default now(), "released_at" timestamptz null);`,
    );
    this.addSql(`alter table "coupon_use" add constraint "coupon_use_order_id_unique" unique ("order_id");`);
    this.addSql(`create index "coupon_use_coupon_id_client_id_status_index" on "coupon_use" ("coupon_id", "client_id", "status");`);
    this.addSql(
      `create table "coupon_package" ("coupon_id" int not null, "package_id" int not null, primary key ("coupon_id", "package_id"));`,
    );
    this.addSql(
      `create table "service_coupon" ("service_id" int not null, "coupon_id" int not null, "code" varchar(40) not null, "kind" varchar(8) not null, "percent" numeric(7,4) null, "amount" numeric(19,4) null, "cycles_left" int null, "created_at" timestamptz not null default now(), primary key ("service_id"));`,
    );
    this.addSql(`create index "service_coupon_coupon_id_index" on "service_coupon" ("coupon_id");`);
    this.addSql(`alter table "cart" add "coupon_code" varchar(40) null;`);
    this.addSql(`alter table "coupon" add constraint "coupon_kind_check" check (kind in ('percent', 'fixed'));`);
    this.addSql(`alter table "coupon" add constraint "coupon_duration_check" check (duration in ('once', 'cycles', 'forever'));`);
    this.addSql(`alter table "coupon" add constraint "coupon_uses_check" check (uses >= 0);`);
    this.addSql(
      `alter table "coupon_amount" add constraint "coupon_amount_coupon_id_foreign" foreign key ("coupon_id") references "coupon" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "coupon_use" add constraint "coupon_use_coupon_id_foreign" foreign key ("coupon_id") references "coupon" ("id") on delete restrict;`,
    );
    this.addSql(
      `alter table "coupon_use" add constraint "coupon_use_client_id_foreign" foreign key ("client_id") references "client" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "coupon_use" add constraint "coupon_use_order_id_foreign" foreign key ("order_id") references "client_order" ("id") on delete cascade;`,
    );
    this.addSql(`alter table "coupon_use" add constraint "coupon_use_status_check" check (status in ('live', 'released'));`);
    this.addSql(
      `alter table "coupon_package" add constraint "coupon_package_coupon_id_foreign" foreign key ("coupon_id") references "coupon" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "coupon_package" add constraint "coupon_package_package_id_foreign" foreign key ("package_id") references "package" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "service_coupon" add constraint "service_coupon_coupon_id_foreign" foreign key ("coupon_id") references "coupon" ("id") on delete restrict;`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "cart" drop column "coupon_code";`);
    this.addSql(`drop table if exists "service_coupon" cascade;`);
    this.addSql(`drop table if exists "coupon_package" cascade;`);
    this.addSql(`drop table if exists "coupon_use" cascade;`);
    this.addSql(`drop table if exists "coupon_amount" cascade;`);
    this.addSql(`drop table if exists "coupon" cascade;`);
  }
}
