import { Migration } from '@mikro-orm/migrations';

// A package change says what happens to the service's add-ons: kept (re-priced) or ended.
export class Migration20261204034500 extends Migration {
  override name = 'Migration20261204034500';

  override up(): void | Promise<void> {
    this.addSql(`alter table "service_change" add "addon_plan" jsonb not null default '{"kept":[],"ended":[]}';`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "service_change" drop column "addon_plan";`);
  }
}
