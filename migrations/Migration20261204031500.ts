import { Migration } from '@mikro-orm/migrations';

// Orders of several lines: an add-on ordered with a package of the same order names that line.
export class Migration20261204031500 extends Migration {
  override name = 'Migration20261204031500';

  override up(): void | Promise<void> {
    this.addSql(`alter table "order_line" add "parent_line_id" int null;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "order_line" drop column "parent_line_id";`);
  }
}
