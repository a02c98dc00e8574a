import { Migration } from '@mikro-orm/migrations';

// The audit trail's trigger fires only for a write that has an actor (a staff member's or an API
// token's: `hb.actor`, set by the web process for their transactions). A write with none (a
// client's checkout, a worker's renewal run, each email's lease and "sent") records nothing, and
// now queues nothing either: before, every row any of them wrote queued an after-trigger event
// and ran the trigger's function (a PL/pgSQL call and a subtransaction for its exception block)
// only to find no actor. The function still checks the actor itself (an unreadable one records
// nothing), so the condition only spares the calls that would have recorded nothing.
// NOTE: the triggers are found by their function, so every table audited now is covered.
const audited = `select c.relname as table_name, t.tgname as trigger_name
  from pg_trigger t join pg_class c on c.oid = t.tgrelid join pg_namespace n on n.oid = c.relnamespace
  where t.tgfoid = 'audit_change'::regproc and not t.tgisinternal and n.nspname = current_schema()`;

const recreate = (when: string) => `do $$
  declare r record;
  begin
    for r in ${audited} loop
      execute format('drop trigger %I on %I', r.trigger_name, r.table_name);
      execute format('create trigger %I after insert or update or delete on %I for each row ${when}execute function audit_change()', r.trigger_name, r.table_name);
    end loop;
  end $$;`;

export class Migration20261209080000 extends Migration {
  override name = 'Migration20261209080000';

  override up(): void {
    this.addSql(recreate(`when (current_setting(''hb.actor'', true) <> '''') `));
  }

  override down(): void {
    this.addSql(recreate(''));
  }
}
