import { Migration } from '@mikro-orm/migrations';

// Every committed write to what web processes cache (the catalog, prices, options, settings,
// currencies, tax rates, tokens) or to what counts units held of a package says so on the
// hb_changes channel (src/db/change-feed.ts). NOTE: a trigger, not a call in each write path,
// so a new write path (or a script, or psql) cannot forget it; a NOTIFY is sent on commit only.
const TABLES = [
  'catalog',
  'package',
  'package_price',
  'package_translation',
  'package_scaling',
  'variant_group',
  'variant_option',
  'variant_option_price',
  'currency',
  'language',
  'setting',
  'tax_rate',
  'api_token',
  'staff',
];
const HELD: [table: string, column: string][] = [
  ['service', 'package_id'],
  ['stock_reservation', 'package_id'],
  ['service_change', 'to_package_id'],
];

export class Migration20261203180000 extends Migration {
  override name = 'Migration20261203180000';

  override up(): void | Promise<void> {
    this.addSql(`create or replace function hb_notify_table() returns trigger language plpgsql as $$
begin
  perform pg_notify('hb_changes', TG_TABLE_NAME);
  return null;
end $$;`);
    // The package whose units changed, from the column named by the trigger's argument.
    this.addSql(`create or replace function hb_notify_held() returns trigger language plpgsql as $$
begin
  if TG_OP <> 'INSERT' then perform pg_notify('hb_changes', 'held:' || (to_jsonb(OLD) ->> TG_ARGV[0])); end if;
  if TG_OP <> 'DELETE' then perform pg_notify('hb_changes', 'held:' || (to_jsonb(NEW) ->> TG_ARGV[0])); end if;
  return null;
end $$;`);
    for (const t of TABLES) {
      this.addSql(
        `create trigger hb_changes after insert or update or delete or truncate on "${t}" for each statement execute function hb_notify_table();`,
      );
    }
    for (const [t, col] of HELD) {
      this.addSql(
        `create trigger hb_held_written after insert or delete on "${t}" for each row execute function hb_notify_held('${col}');`,
      );
      // Renewals rewrite dates on many rows at once: only a change of status or package matters.
      this.addSql(`create trigger hb_held_changed after update of status, "${col}" on "${t}" for each row
        when (old.status is distinct from new.status or old."${col}" is distinct from new."${col}") execute function hb_notify_held('${col}');`);
    }
  }

  override down(): void | Promise<void> {
    for (const [t] of HELD) {
      this.addSql(`drop trigger if exists hb_held_written on "${t}";`);
      this.addSql(`drop trigger if exists hb_held_changed on "${t}";`);
    }
    for (const t of TABLES) this.addSql(`drop trigger if exists hb_changes on "${t}";`);
    this.addSql(`drop function if exists hb_notify_held();`);
    this.addSql(`drop function if exists hb_notify_table();`);
  }
}
