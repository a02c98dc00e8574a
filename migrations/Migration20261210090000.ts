import { Migration } from '@mikro-orm/migrations';

// The turn a plugin-first action on a service holds while its plugin call is out
// (src/modules/services/with-service-turn.ts).
export class Migration20261210090000 extends Migration {
  override name = 'Migration20261210090000';

  override up(): void {
    this.addSql(`create table "service_turn" ("service_id" int not null, "until" timestamptz not null, primary key ("service_id"));`);
  }

  override down(): void {
    this.addSql(`drop table if exists "service_turn";`);
  }
}
