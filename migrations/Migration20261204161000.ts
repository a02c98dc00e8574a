import { Migration } from '@mikro-orm/migrations';

// The audit trail: every staff and API write to what staff manage, recorded by the database in
// the same transaction as the change (who, when, from where, what it was and what it became),
// and entries nothing in the product can change or delete.
//
// Who: the web process sets `hb.actor` (a JSON object) for the transactions of a staff member's
// or an API token's writes (src/http/middleware/audit-actor.ts); a write with no actor (a
// client's checkout, a worker's renewal run) is not a staff write and records nothing here.
// Secrets (password and token hashes, encrypted settings) show as "[hidden]": that they changed,
// never what they are.

const AUDITED = [
  'catalog',
  'package',
  'package_translation',
  'package_price',
  'package_scaling',
  'variant_group',
  'package_option_group',
  'variant_option',
  'variant_option_price',
  'package_option_price',
  'welcome_email',
  'addon_group',
  'addon_group_package',
  'package_addon_group',
  'client',
  'client_allowed_package',
  'credit_entry',
  'coupon',
  'coupon_amount',
  'coupon_package',
  'service',
  'service_change',
  'invoice',
  'invoice_line',
  'payment',
  'credit_note',
  'message_template',
  'mail_message',
  'plugin_instance',
  'payment_gateway',
  'setting',
  'currency',
  'language',
  'tax_rate',
  'staff',
  'api_token',
  'billing_run',
  'client_order',
];

export class Migration20261204161000 extends Migration {
  override name = 'Migration20261204161000';

  override up(): void | Promise<void> {
    this.addSql(`create table "audit_log" (
      "id" bigserial primary key,
      "at" timestamptz not null default now(),
      "actor_type" varchar(10) not null,
      "actor_id" int null,
      "actor_email" varchar(254) null,
      "ip" varchar(64) null,
      "user_agent" varchar(300) null,
      "request_id" varchar(100) null,
      "action" varchar(40) not null,
      "object_type" varchar(40) not null,
      "object_id" varchar(64) null,
      "before" jsonb null,
      "after" jsonb null
    );`);
    this.addSql(`create index "audit_log_object_index" on "audit_log" ("object_type", "object_id", "id");`);
    this.addSql(`create index "audit_log_actor_index" on "audit_log" ("actor_type", "actor_id", "id");`);
    this.addSql(`create index "audit_log_at_index" on "audit_log" ("at");`);
    this.addSql(`create function audit_log_immutable() returns trigger language plpgsql as $$
      begin
        raise exception 'Audit entries cannot be changed or deleted.';
      end $$;`);
    this.addSql(
      `create trigger "audit_log_immutable" before update or delete on "audit_log" for each row execute function audit_log_immutable();`,
    );
    this.addSql(
      `create trigger "audit_log_no_truncate" before truncate on "audit_log" for each statement execute function audit_log_immutable();`,
    );
    this.addSql(`create function audit_change() returns trigger language plpgsql as $$
      declare
        actor jsonb;
        o jsonb;
        n jsonb;
        b jsonb;
        a jsonb;
      begin
        begin
          actor := nullif(current_setting('hb.actor', true), '')::jsonb;
        exception when others then
          actor := null;
        end;
        if actor is null then
          return null;
        end if;
        if tg_op <> 'INSERT' then o := to_jsonb(old); end if;
        if tg_op <> 'DELETE' then n := to_jsonb(new); end if;
        if tg_op = 'UPDATE' then
          -- Only what changed, on both sides.
          select jsonb_object_agg(key, value) into b from jsonb_each(o) where n -> key is distinct from value;
          select jsonb_object_agg(key, value) into a from jsonb_each(n) where o -> key is distinct from value;
          if b is null and a is null then
            return null;
          end if;
        else
          b := o;
          a := n;
        end if;
        insert into audit_log (actor_type, actor_id, actor_email, ip, user_agent, request_id, action, object_type, object_id, before, after)
        values (
          coalesce(actor ->> 'type', 'staff'), (actor ->> 'id')::int, actor ->> 'email', left(actor ->> 'ip', 64), left(actor ->> 'ua', 300), left(actor ->> 'rid', 100),
          lower(tg_op), tg_table_name,
          left(coalesce(n ->> 'id', o ->> 'id', n ->> 'key', o ->> 'key', n ->> 'code', o ->> 'code', n ->> 'country', o ->> 'country', n ->> 'package_id', o ->> 'package_id', n ->> 'client_id', o ->> 'client_id'), 64),
          case when b is null then null else (select coalesce(jsonb_object_agg(key, case when key in ('password_hash', 'token_hash', 'secrets', 'totp_secret', 'recovery_codes') and value <> 'null'::jsonb and value <> '""'::jsonb then '"[hidden]"'::jsonb else value end), '{}'::jsonb) from jsonb_each(b)) end,
          case when a is null then null else (select coalesce(jsonb_object_agg(key, case when key in ('password_hash', 'token_hash', 'secrets', 'totp_secret', 'recovery_codes') and value <> 'null'::jsonb and value <> '""'::jsonb then '"[hidden]"'::jsonb else value end), '{}'::jsonb) from jsonb_each(a)) end
        );
        return null;
      end $$;`);
    for (const table of AUDITED) {
      this.addSql(
        `create trigger "${table}_audit" after insert or update or delete on "${table}" for each row execute function audit_change();`,
      );
    }
  }

  override down(): void | Promise<void> {
    for (const table of AUDITED) this.addSql(`drop trigger if exists "${table}_audit" on "${table}";`);
    this.addSql(`drop function if exists audit_change();`);
    this.addSql(`drop table if exists "audit_log" cascade;`);
    this.addSql(`drop function if exists audit_log_immutable();`);
  }
}
