import { Migration } from '@mikro-orm/migrations';

// The job that carries an outbox row when it is not the row's own: under load the relay hands
// emails over several to a job (src/queue/hand-overs.ts), and the sweep asks the queue about
// that job, not one the row never had.
export class Migration20261205120000 extends Migration {
  override name = 'Migration20261205120000';

  override up(): void | Promise<void> {
    this.addSql(`alter table "outbox" add column "carrier" varchar(200) null;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "outbox" drop column "carrier";`);
  }
}
