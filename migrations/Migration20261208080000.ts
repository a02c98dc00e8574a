import { Migration } from '@mikro-orm/migrations';

// A service's monthly recurring revenue term, stored: one service's share of its order's renewal
// per term, worked out by PostgreSQL whenever the price snapshot is written, and null when the
// snapshot is not a recurring term that MRR counts. See the NOTE on Service.mrrAmount.
// NOTE: adding a stored generated column rewrites the table (about 1.6 s at 100,000 services,
// during which the table is locked). The expression is written out here, not imported from the
// entity: a migration records what it ran (the schema test checks the entity says the same).
const SNAP = `"price_snapshot"`;
const MRR_AMOUNT = `case when ${SNAP}->'price'->>'type' = 'recurring'
      and ${SNAP}->'price'->>'period' in ('day', 'week', 'month', 'year')
      and ${SNAP}->'price'->>'intervalCount' ~ '^[1-9][0-9]{0,3}$'
      and ${SNAP}->'quote'->>'renewalAmount' ~ '^-?[0-9]{1,15}(\\.[0-9]{1,4})?$'
      and ${SNAP}->'quote'->>'currency' is not null
      and coalesce(${SNAP}->'quote'->'lines'->0->>'quantity', '1') ~ '^[0-9]{1,6}$'
    then trunc((${SNAP}->'quote'->>'renewalAmount')::numeric / greatest(1, coalesce((${SNAP}->'quote'->'lines'->0->>'quantity')::int, 1)), 4) else null end`;

export class Migration20261208080000 extends Migration {
  override name = 'Migration20261208080000';

  override up(): void | Promise<void> {
    this.addSql(`alter table "service" add column "mrr_amount" numeric(19,4) null generated always as (${MRR_AMOUNT}) stored;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "service" drop column "mrr_amount";`);
  }
}
