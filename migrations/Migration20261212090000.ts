import { Migration } from '@mikro-orm/migrations';

// Add-on orders found from the service they were ordered for (list-service-invoices.ts): a
// service's page lists such an order's invoice before it is paid, when no service names it yet.
export class Migration20261212090000 extends Migration {
  override name = 'Migration20261212090000';

  override up(): void {
    this.addSql(
      `create index "order_line_parent_service_index" on "order_line" ("parent_service_id") where parent_service_id is not null;`,
    );
  }

  override down(): void {
    this.addSql(`drop index if exists "order_line_parent_service_index";`);
  }
}
