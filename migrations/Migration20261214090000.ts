import { Migration } from '@mikro-orm/migrations';

// The key of the order form (or API request) that placed an order (place-order.ts): a form
// posted twice (a double click with JavaScript off, a retried request) places one order.
export class Migration20261214090000 extends Migration {
  override name = 'Migration20261214090000';

  override up(): void {
    this.addSql(`alter table "client_order" add column "request_key" varchar(64) null;`);
    this.addSql(
      `alter table "client_order" add constraint "client_order_client_id_request_key_unique" unique ("client_id", "request_key");`,
    );
  }

  override down(): void {
    this.addSql(`alter table "client_order" drop constraint "client_order_client_id_request_key_unique";`);
    this.addSql(`alter table "client_order" drop column "request_key";`);
  }
}
