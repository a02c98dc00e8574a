import { Migration } from '@mikro-orm/migrations';

// The key of the form or API request that wrote an invoice by hand (create-manual-invoice.ts):
// a double-clicked "Create invoice" writes one invoice, not two.
export class Migration20261213090000 extends Migration {
  override name = 'Migration20261213090000';

  override up(): void {
    this.addSql(`alter table "invoice" add column "request_key" varchar(64) null;`);
    this.addSql(`alter table "invoice" add constraint "invoice_request_key_unique" unique ("request_key");`);
  }

  override down(): void {
    this.addSql(`alter table "invoice" drop constraint "invoice_request_key_unique";`);
    this.addSql(`alter table "invoice" drop column "request_key";`);
  }
}
