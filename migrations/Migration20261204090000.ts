import { Migration } from '@mikro-orm/migrations';

// Payment gateways as plugins: their settings (secrets sealed), which currencies they take and
// in what order clients see them; card customers, saved cards, webhook events seen once,
// automatic charge attempts and disputes.
export class Migration20261204090000 extends Migration {
  override name = 'Migration20261204090000';

  override up(): void | Promise<void> {
    this.addSql(
      `create table "payment_gateway" ("key" varchar(20) not null, "enabled" boolean not null default false, "position" int not null default 0, "currencies" jsonb not null default '[]', "settings" jsonb not null default '{}', "secrets" text not null default '', "updated_at" timestamptz not null default now(), constraint "payment_gateway_pkey" primary key ("key"));`,
    );
    // The gateways that existed before keep working as they did; bank details move to their gateway.
    this.addSql(`insert into "payment_gateway" ("key", "enabled", "position", "settings") values
      ('credit', true, 1, '{}'),
      ('stripe', false, 2, '{}'),
      ('manual', true, 3, coalesce((select jsonb_build_object('instructions', case when jsonb_typeof(value) = 'string' then value #>> '{}' else value ->> 'instructions' end) from "setting" where key = 'bank_transfer'), '{}')),
      ('test', true, 4, '{}');`);
    this.addSql(`delete from "setting" where key = 'bank_transfer';`);

    this.addSql(
      `create table "gateway_customer" ("id" serial primary key, "client_id" int not null, "gateway" varchar(20) not null, "reference" varchar(120) not null, "created_at" timestamptz not null default now());`,
    );
    this.addSql(
      `alter table "gateway_customer" add constraint "gateway_customer_client_id_gateway_unique" unique ("client_id", "gateway");`,
    );
    this.addSql(
      `alter table "gateway_customer" add constraint "gateway_customer_client_id_foreign" foreign key ("client_id") references "client" ("id") on delete cascade;`,
    );

    this.addSql(
      `create table "saved_card" ("id" serial primary key, "client_id" int not null, "gateway" varchar(20) not null, "reference" varchar(120) not null, "brand" varchar(20) not null, "last4" varchar(4) not null, "exp_month" int not null, "exp_year" int not null, "is_default" boolean not null default false, "created_at" timestamptz not null default now());`,
    );
    this.addSql(`alter table "saved_card" add constraint "saved_card_gateway_reference_unique" unique ("gateway", "reference");`);
    this.addSql(`create index "saved_card_client_id_index" on "saved_card" ("client_id");`);
    this.addSql(`create unique index "saved_card_one_default" on "saved_card" ("client_id") where is_default;`);
    this.addSql(
      `alter table "saved_card" add constraint "saved_card_client_id_foreign" foreign key ("client_id") references "client" ("id") on delete cascade;`,
    );

    this.addSql(
      `create table "gateway_event" ("id" serial primary key, "gateway" varchar(20) not null, "reference" varchar(120) not null, "type" varchar(80) not null, "received_at" timestamptz not null default now());`,
    );
    this.addSql(`alter table "gateway_event" add constraint "gateway_event_gateway_reference_unique" unique ("gateway", "reference");`);

    this.addSql(
      `create table "charge_attempt" ("id" serial primary key, "invoice_id" int not null, "attempt" int not null, "card_id" int null, "status" varchar(24) not null default 'pending', "reference" varchar(120) null, "message" varchar(500) null, "created_at" timestamptz not null default now(), "claimed_at" timestamptz not null default now(), "finished_at" timestamptz null);`,
    );
    this.addSql(`alter table "charge_attempt" add constraint "charge_attempt_invoice_id_attempt_unique" unique ("invoice_id", "attempt");`);
    this.addSql(
      `alter table "charge_attempt" add constraint "charge_attempt_status_check" check (status in ('pending', 'succeeded', 'declined', 'authentication_required', 'failed'));`,
    );
    this.addSql(
      `alter table "charge_attempt" add constraint "charge_attempt_invoice_id_foreign" foreign key ("invoice_id") references "invoice" ("id") on delete cascade;`,
    );

    this.addSql(
      `create table "payment_dispute" ("id" serial primary key, "payment_id" int not null, "gateway" varchar(20) not null, "reference" varchar(120) not null, "status" varchar(24) not null, "amount" numeric(19,4) not null, "currency" varchar(3) not null, "reason" varchar(60) not null default '', "opened_at" timestamptz not null default now(), "closed_at" timestamptz null);`,
    );
    this.addSql(`alter table "payment_dispute" add constraint "payment_dispute_gateway_reference_unique" unique ("gateway", "reference");`);
    this.addSql(`create index "payment_dispute_payment_id_index" on "payment_dispute" ("payment_id");`);
    this.addSql(
      `alter table "payment_dispute" add constraint "payment_dispute_payment_id_foreign" foreign key ("payment_id") references "payment" ("id") on delete restrict;`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(
      `insert into "setting" ("key", "value") select 'bank_transfer', to_jsonb(settings ->> 'instructions') from "payment_gateway" where key = 'manual' and settings ? 'instructions';`,
    );
    this.addSql(`drop table if exists "payment_dispute" cascade;`);
    this.addSql(`drop table if exists "charge_attempt" cascade;`);
    this.addSql(`drop table if exists "gateway_event" cascade;`);
    this.addSql(`drop table if exists "saved_card" cascade;`);
    this.addSql(`drop table if exists "gateway_customer" cascade;`);
    this.addSql(`drop table if exists "payment_gateway" cascade;`);
  }
}
