import { Migration } from '@mikro-orm/migrations';

// The package each line of an order's invoice is for (src/modules/checkout/write-order.ts), so the
// revenue report files new orders under their packages rather than under "Other".
// NOTE: lines written before name no package; those of an order of one line take that line's
// package. An order of several lines (a cart, add-ons) cannot be told apart line by line and stays "Other".
export class Migration20261211090000 extends Migration {
  override name = 'Migration20261211090000';

  override up(): void {
    this.addSql(`alter table "invoice_line" add column "package_id" int null;`);
    this.addSql(`
      update invoice_line l set package_id = one.package_id
        from invoice i
        join (select order_id, min(package_id) as package_id from order_line group by order_id having count(*) = 1) one
          on one.order_id = i.order_id
       where l.invoice_id = i.id and l.service_id is null;`);
  }

  override down(): void {
    this.addSql(`alter table "invoice_line" drop column "package_id";`);
  }
}
