import { Migration } from '@mikro-orm/migrations';

// A cart line keeps the quantity and text options chosen with it, by option group id.
export class Migration20261204063000 extends Migration {
  override name = 'Migration20261204063000';

  override up(): void | Promise<void> {
    this.addSql(`alter table "cart_line" add "option_extras" jsonb not null default '{}';`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "cart_line" drop column "option_extras";`);
  }
}
