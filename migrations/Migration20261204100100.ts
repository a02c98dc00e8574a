import { Migration } from '@mikro-orm/migrations';

// A coupon may be entered on a package change: its use then belongs to the change, not an order.
export class Migration20261204100100 extends Migration {
  override name = 'Migration20261204100100';

  override up(): void | Promise<void> {
    this.addSql(`alter table "coupon_use" add "service_change_id" int null;`);
    this.addSql(`alter table "coupon_use" alter column "order_id" drop not null;`);
    this.addSql(`alter table "coupon_use" add constraint "coupon_use_service_change_id_unique" unique ("service_change_id");`);
    this.addSql(
      `alter table "coupon_use" add constraint "coupon_use_for_check" check (order_id is not null or service_change_id is not null);`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`delete from "coupon_use" where "order_id" is null;`);
    this.addSql(`alter table "coupon_use" drop constraint "coupon_use_for_check";`);
    this.addSql(`alter table "coupon_use" drop constraint "coupon_use_service_change_id_unique";`);
    this.addSql(`alter table "coupon_use" alter column "order_id" set not null;`);
    this.addSql(`alter table "coupon_use" drop column "service_change_id";`);
  }
}
