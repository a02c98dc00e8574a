import { Migration } from '@mikro-orm/migrations';

export class Migration20261122041538 extends Migration {
  override name = 'Migration20261122041538';

  override up(): void | Promise<void> {
    this.addSql(
      `create table "catalog" ("id" serial primary key, "name" varchar(120) not null, "slug" varchar(80) not null, "description" text not null default '', "position" int not null default 0, "hidden" boolean not null default false, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now());`,
    );
    this.addSql(`alter table "catalog" add constraint "catalog_slug_unique" unique ("slug");`);

    this.addSql(
      `create table "client" ("id" serial primary key, "email" varchar(254) not null, "name" varchar(120) not null, "password_hash" varchar(200) null, "country" varchar(2) null, "currency" varchar(3) null, "language" varchar(10) null, "credit_balance" numeric(19,4) not null default '0', "created_at" timestamptz not null default now());`,
    );
    this.addSql(`alter table "client" add constraint "client_email_unique" unique ("email");`);
    this.addSql(`alter table "client" add constraint "client_credit_balance_check" check (credit_balance >= 0);`);

    this.addSql(
      `create table "credit_entry" ("id" serial primary key, "client_id" int not null, "amount" numeric(19,4) not null, "currency" varchar(3) not null, "reason" varchar(200) not null, "invoice_id" int null, "created_at" timestamptz not null default now());`,
    );

    this.addSql(
      `create table "currency" ("code" varchar(3) not null, "name" varchar(60) not null default '', "minor_units" smallint not null default 2, "rate" numeric(20,8) not null default '1', "is_default" boolean not null default false, "position" int not null default 0, primary key ("code"));`,
    );

    this.addSql(
      `create table "language" ("code" varchar(10) not null, "name" varchar(60) not null, "is_default" boolean not null default false, primary key ("code"));`,
    );

    this.addSql(
      `create table "login_throttle" ("key" varchar(300) not null, "failures" int not null default 0, "locked_until" timestamptz null, "updated_at" timestamptz not null default now(), primary key ("key"));`,
    );

    this.addSql(
      `create table "mail_message" ("id" bigserial primary key, "dedupe_key" varchar(200) not null, "to" varchar(254) not null, "subject" varchar(300) not null, "html" text not null, "text" text not null, "status" varchar(10) not null default 'queued', "attempts" int not null default 0, "last_error" text null, "claimed_until" timestamptz null, "sent_at" timestamptz null, "created_at" timestamptz not null default now());`,
    );
    this.addSql(`alter table "mail_message" add constraint "mail_message_dedupe_key_unique" unique ("dedupe_key");`);
    this.addSql(`create index "mail_message_status_index" on "mail_message" ("status");`);
    this.addSql(
      `alter table "mail_message" add constraint "mail_message_status_check" check (status in ('queued', 'sending', 'sent', 'failed'));`,
    );

    this.addSql(
      `create table "client_order" ("id" serial primary key, "client_id" int not null, "status" varchar(10) not null default 'pending', "currency" varchar(3) not null, "expires_at" timestamptz not null, "paid_at" timestamptz null, "cancelled_at" timestamptz null, "cancel_reason" varchar(200) null, "created_at" timestamptz not null default now());`,
    );
    this.addSql(`create index "client_order_client_id_status_index" on "client_order" ("client_id", "status");`);
    this.addSql(`create index "client_order_status_expires_at_index" on "client_order" ("status", "expires_at");`);
    this.addSql(
      `alter table "client_order" add constraint "client_order_status_check" check (status in ('pending', 'paid', 'cancelled'));`,
    );

    this.addSql(
      `create table "invoice" ("id" serial primary key, "client_id" int not null, "order_id" int null, "status" varchar(8) not null default 'unpaid', "currency" varchar(3) not null, "subtotal" numeric(19,4) not null, "tax" numeric(19,4) not null default '0', "total" numeric(19,4) not null, "tax_rate" numeric(7,4) null, "due_date" date not null, "paid_at" timestamptz null, "created_at" timestamptz not null default now());`,
    );
    this.addSql(`alter table "invoice" add constraint "invoice_order_id_unique" unique ("order_id");`);
    this.addSql(`create index "invoice_client_id_status_index" on "invoice" ("client_id", "status");`);
    this.addSql(`alter table "invoice" add constraint "invoice_status_check" check (status in ('draft', 'unpaid', 'paid', 'void'));`);

    this.addSql(
      `create table "invoice_line" ("id" serial primary key, "invoice_id" int not null, "kind" varchar(20) not null, "description" varchar(300) not null, "amount" numeric(19,4) not null, "taxable" boolean not null default false, "service_id" int null, "period_start" date null, "period_end" date null);`,
    );

    this.addSql(
      `create table "outbox" ("id" bigserial primary key, "queue" varchar(40) not null, "job" varchar(60) not null, "payload" jsonb not null, "dedupe_key" varchar(200) not null, "run_at" timestamptz null, "created_at" timestamptz not null default now(), "enqueued_at" timestamptz null, "processed_at" timestamptz null);`,
    );
    this.addSql(`alter table "outbox" add constraint "outbox_dedupe_key_unique" unique ("dedupe_key");`);
    this.addSql(`create index "outbox_processed_at_enqueued_at_index" on "outbox" ("processed_at", "enqueued_at");`);

    this.addSql(
      `create table "password_token" ("id" serial primary key, "client_id" int not null, "token_hash" varchar(64) not null, "purpose" varchar(8) not null, "expires_at" timestamptz not null, "used_at" timestamptz null, "created_at" timestamptz not null default now());`,
    );
    this.addSql(`alter table "password_token" add constraint "password_token_token_hash_unique" unique ("token_hash");`);

    this.addSql(
      `create table "payment" ("id" serial primary key, "invoice_id" int not null, "gateway" varchar(20) not null, "reference" varchar(120) not null, "amount" numeric(19,4) not null, "currency" varchar(3) not null, "created_at" timestamptz not null default now());`,
    );
    this.addSql(`alter table "payment" add constraint "payment_gateway_reference_unique" unique ("gateway", "reference");`);

    this.addSql(
      `create table "plugin_instance" ("id" serial primary key, "plugin" varchar(40) not null, "name" varchar(120) not null, "settings" jsonb not null default '{}', "secrets" text not null default '', "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now());`,
    );
    this.addSql(`alter table "plugin_instance" add constraint "plugin_instance_name_unique" unique ("name");`);

    this.addSql(
      `create table "package" ("id" serial primary key, "catalog_id" int not null, "name" varchar(160) not null, "slug" varchar(80) not null, "description" text not null default '', "icon_path" varchar(200) null, "stock" int not null default -1, "per_user_limit" int not null default -1, "allow_cancellation" boolean not null default true, "allow_quantity" boolean not null default false, "status" varchar(16) not null default 'visible', "taxable" boolean not null default true, "use_renewal_prices_for_upgrades" boolean not null default false, "pro_rata" boolean not null default false, "pro_rata_day" smallint null, "pro_rata_cutoff_day" smallint null, "plugin_instance_id" int null, "plugin_options" jsonb not null default '{}', "position" int not null default 0, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now());`,
    );
    this.addSql(`alter table "package" add constraint "package_slug_unique" unique ("slug");`);
    this.addSql(`create index "package_catalog_id_position_index" on "package" ("catalog_id", "position");`);
    this.addSql(`create index "package_status_index" on "package" ("status");`);
    this.addSql(`alter table "package" add constraint "package_stock_check" check (stock >= -1);`);
    this.addSql(`alter table "package" add constraint "package_per_user_limit_check" check (per_user_limit >= -1);`);
    this.addSql(
      `alter table "package" add constraint "package_status_check" check (status in ('visible', 'hidden', 'restricted', 'inactive'));`,
    );
    this.addSql(
      `alter table "package" add constraint "package_pro_rata_day_check" check (pro_rata_day is null or (pro_rata_day >= 1 and pro_rata_day <= 28));`,
    );
    this.addSql(
      `alter table "package" add constraint "package_pro_rata_cutoff_day_check" check (pro_rata_cutoff_day is null or (pro_rata_cutoff_day >= 1 and pro_rata_cutoff_day <= 28));`,
    );
    this.addSql(`alter table "package" add constraint "package_slug_check" check (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*\$');`);

    this.addSql(
      `create table "package_translation" ("id" serial primary key, "package_id" int not null, "language" varchar(10) not null, "name" varchar(160) not null default '', "description" text not null default '');`,
    );
    this.addSql(
      `alter table "package_translation" add constraint "package_translation_package_id_language_unique" unique ("package_id", "language");`,
    );

    this.addSql(
      `create table "package_price" ("id" serial primary key, "package_id" int not null, "name" varchar(60) not null, "type" varchar(16) not null, "interval_count" smallint null, "period" varchar(8) null, "currency" varchar(3) not null, "price" numeric(19,4) not null default '0', "renewal_price" numeric(19,4) null, "setup_fee" numeric(19,4) not null default '0', "cancellation_fee" numeric(19,4) not null default '0', "cancel_at_end_of_term" boolean not null default false, "enabled" boolean not null default true, "position" int not null default 0);`,
    );
    this.addSql(
      `alter table "package_price" add constraint "package_price_package_id_name_currency_unique" unique ("package_id", "name", "currency");`,
    );
    this.addSql(`alter table "package_price" add constraint "package_price_type_check" check (type in ('free', 'onetime', 'recurring'));`);
    this.addSql(
      `alter table "package_price" add constraint "package_price_period_check" check ((type = 'recurring') = (period is not null and interval_count is not null));`,
    );
    this.addSql(
      `alter table "package_price" add constraint "package_price_amounts_check" check (price >= 0 and setup_fee >= 0 and cancellation_fee >= 0 and (renewal_price is null or renewal_price >= 0));`,
    );

    this.addSql(
      `create table "package_scaling" ("package_id" int not null, "target_package_id" int not null, primary key ("package_id", "target_package_id"));`,
    );

    this.addSql(
      `create table "order_line" ("id" serial primary key, "order_id" int not null, "package_id" int not null, "price_id" int null, "quantity" int not null, "snapshot" jsonb not null);`,
    );
    this.addSql(`alter table "order_line" add constraint "order_line_quantity_check" check (quantity >= 1);`);

    this.addSql(
      `create table "client_allowed_package" ("client_id" int not null, "package_id" int not null, primary key ("client_id", "package_id"));`,
    );

    this.addSql(
      `create table "service" ("id" serial primary key, "client_id" int not null, "package_id" int not null, "price_id" int null, "status" varchar(16) not null default 'pending', "price_snapshot" jsonb not null default '{}', "order_line_id" int null, "unit_index" smallint null, "anchor_day" smallint null, "next_due_date" date null, "provisioned_at" timestamptz null, "cancel_at" date null, "last_error" text null, "plugin_data" jsonb not null default '{}', "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now());`,
    );
    this.addSql(`create index "service_package_id_status_index" on "service" ("package_id", "status");`);
    this.addSql(`create index "service_client_id_status_index" on "service" ("client_id", "status");`);
    this.addSql(`alter table "service" add constraint "service_order_line_id_unit_index_unique" unique ("order_line_id", "unit_index");`);
    this.addSql(
      `alter table "service" add constraint "service_status_check" check (status in ('pending', 'active', 'suspended', 'cancelled', 'terminated'));`,
    );

    this.addSql(
      `create table "service_event" ("id" serial primary key, "service_id" int not null, "from_status" varchar(16) null, "to_status" varchar(16) not null, "note" varchar(500) not null default '', "actor" varchar(120) not null default 'system', "created_at" timestamptz not null default now());`,
    );
    this.addSql(`create index "service_event_service_id_created_at_index" on "service_event" ("service_id", "created_at");`);

    this.addSql(
      `create table "service_period" ("id" serial primary key, "service_id" int not null, "period_start" date not null, "period_end" date not null, "invoice_id" int null, "paid_at" timestamptz null, "created_at" timestamptz not null default now());`,
    );
    this.addSql(
      `alter table "service_period" add constraint "service_period_service_id_period_start_unique" unique ("service_id", "period_start");`,
    );
    this.addSql(`alter table "service_period" add constraint "service_period_range_check" check (period_end > period_start);`);

    this.addSql(
      `create table "session" ("id" varchar(64) not null, "principal_type" varchar(8) not null, "principal_id" int not null, "csrf_token" varchar(64) not null, "created_at" timestamptz not null default now(), "expires_at" timestamptz not null, primary key ("id"));`,
    );
    this.addSql(`create index "session_expires_at_index" on "session" ("expires_at");`);

    this.addSql(`create table "setting" ("key" varchar(60) not null, "value" jsonb not null, primary key ("key"));`);

    this.addSql(
      `create table "staff" ("id" serial primary key, "email" varchar(254) not null, "name" varchar(120) not null, "role" varchar(16) not null, "password_hash" varchar(200) not null, "created_at" timestamptz not null default now());`,
    );
    this.addSql(`alter table "staff" add constraint "staff_email_unique" unique ("email");`);

    this.addSql(
      `create table "api_token" ("id" serial primary key, "staff_id" int not null, "name" varchar(120) not null default '', "token_hash" varchar(64) not null, "prefix" varchar(16) not null, "created_at" timestamptz not null default now(), "last_used_at" timestamptz null);`,
    );
    this.addSql(`alter table "api_token" add constraint "api_token_token_hash_unique" unique ("token_hash");`);

    this.addSql(
      `create table "stock_reservation" ("id" serial primary key, "order_id" int not null, "package_id" int not null, "client_id" int not null, "quantity" int not null, "status" varchar(10) not null default 'live', "expires_at" timestamptz not null, "created_at" timestamptz not null default now());`,
    );
    this.addSql(`create index "stock_reservation_package_id_status_index" on "stock_reservation" ("package_id", "status");`);
    this.addSql(
      `create index "stock_reservation_client_id_package_id_status_index" on "stock_reservation" ("client_id", "package_id", "status");`,
    );
    this.addSql(
      `alter table "stock_reservation" add constraint "stock_reservation_status_check" check (status in ('live', 'converted', 'released'));`,
    );
    this.addSql(`alter table "stock_reservation" add constraint "stock_reservation_quantity_check" check (quantity >= 1);`);

    this.addSql(
      `create table "tax_rate" ("country" varchar(2) not null, "name" varchar(60) not null default '', "rate" numeric(7,4) not null, primary key ("country"));`,
    );

    this.addSql(
      `create table "variant_group" ("id" serial primary key, "package_id" int not null, "name" varchar(120) not null, "position" int not null default 0);`,
    );

    this.addSql(
      `create table "variant_option" ("id" serial primary key, "group_id" int not null, "name" varchar(120) not null, "position" int not null default 0);`,
    );

    this.addSql(
      `create table "variant_option_price" ("id" serial primary key, "option_id" int not null, "price_name" varchar(60) not null, "currency" varchar(3) not null, "price" numeric(19,4) not null default '0', "setup_fee" numeric(19,4) not null default '0');`,
    );
    this.addSql(
      `alter table "variant_option_price" add constraint "variant_option_price_option_id_price_name_currency_unique" unique ("option_id", "price_name", "currency");`,
    );
    this.addSql(
      `alter table "variant_option_price" add constraint "variant_option_price_amounts_check" check (price >= 0 and setup_fee >= 0);`,
    );

    this.addSql(
      `create table "welcome_email" ("id" serial primary key, "package_id" int not null, "language" varchar(10) not null, "subject" varchar(200) not null default '', "html" text not null default '', "text" text not null default '');`,
    );
    this.addSql(`alter table "welcome_email" add constraint "welcome_email_package_id_language_unique" unique ("package_id", "language");`);

    this.addSql(
      `alter table "credit_entry" add constraint "credit_entry_client_id_foreign" foreign key ("client_id") references "client" ("id") on delete cascade;`,
    );

    this.addSql(
      `alter table "client_order" add constraint "client_order_client_id_foreign" foreign key ("client_id") references "client" ("id") on delete restrict;`,
    );

    this.addSql(
      `alter table "invoice" add constraint "invoice_client_id_foreign" foreign key ("client_id") references "client" ("id") on delete restrict;`,
    );
    this.addSql(
      `alter table "invoice" add constraint "invoice_order_id_foreign" foreign key ("order_id") references "client_order" ("id") on delete restrict;`,
    );

    this.addSql(
      `alter table "invoice_line" add constraint "invoice_line_invoice_id_foreign" foreign key ("invoice_id") references "invoice" ("id") on delete cascade;`,
    );

    this.addSql(
      `alter table "password_token" add constraint "password_token_client_id_foreign" foreign key ("client_id") references "client" ("id") on delete cascade;`,
    );

    this.addSql(
      `alter table "payment" add constraint "payment_invoice_id_foreign" foreign key ("invoice_id") references "invoice" ("id") on delete restrict;`,
    );

    this.addSql(
      `alter table "package" add constraint "package_catalog_id_foreign" foreign key ("catalog_id") references "catalog" ("id");`,
    );
    this.addSql(
      `alter table "package" add constraint "package_plugin_instance_id_foreign" foreign key ("plugin_instance_id") references "plugin_instance" ("id") on delete set null;`,
    );

    this.addSql(
      `alter table "package_translation" add constraint "package_translation_package_id_foreign" foreign key ("package_id") references "package" ("id") on delete cascade;`,
    );

    this.addSql(
      `alter table "package_price" add constraint "package_price_package_id_foreign" foreign key ("package_id") references "package" ("id") on delete cascade;`,
    );

    this.addSql(
      `alter table "package_scaling" add constraint "package_scaling_package_id_foreign" foreign key ("package_id") references "package" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "package_scaling" add constraint "package_scaling_target_package_id_foreign" foreign key ("target_package_id") references "package" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "order_line" add constraint "order_line_order_id_foreign" foreign key ("order_id") references "client_order" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "order_line" add constraint "order_line_package_id_foreign" foreign key ("package_id") references "package" ("id") on delete restrict;`,
    );
    this.addSql(
      `alter table "order_line" add constraint "order_line_price_id_foreign" foreign key ("price_id") references "package_price" ("id") on delete set null;`,
    );

    this.addSql(
      `alter table "client_allowed_package" add constraint "client_allowed_package_client_id_foreign" foreign key ("client_id") references "client" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "client_allowed_package" add constraint "client_allowed_package_package_id_foreign" foreign key ("package_id") references "package" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "service" add constraint "service_client_id_foreign" foreign key ("client_id") references "client" ("id") on delete restrict;`,
    );
    this.addSql(
      `alter table "service" add constraint "service_package_id_foreign" foreign key ("package_id") references "package" ("id") on delete restrict;`,
    );
    this.addSql(
      `alter table "service" add constraint "service_price_id_foreign" foreign key ("price_id") references "package_price" ("id") on delete set null;`,
    );

    this.addSql(
      `alter table "service_event" add constraint "service_event_service_id_foreign" foreign key ("service_id") references "service" ("id") on delete cascade;`,
    );

    this.addSql(
      `alter table "service_period" add constraint "service_period_service_id_foreign" foreign key ("service_id") references "service" ("id") on delete cascade;`,
    );

    this.addSql(
      `alter table "api_token" add constraint "api_token_staff_id_foreign" foreign key ("staff_id") references "staff" ("id") on delete cascade;`,
    );

    this.addSql(
      `alter table "stock_reservation" add constraint "stock_reservation_order_id_foreign" foreign key ("order_id") references "client_order" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "stock_reservation" add constraint "stock_reservation_package_id_foreign" foreign key ("package_id") references "package" ("id") on delete restrict;`,
    );
    this.addSql(
      `alter table "stock_reservation" add constraint "stock_reservation_client_id_foreign" foreign key ("client_id") references "client" ("id") on delete restrict;`,
    );

    this.addSql(
      `alter table "variant_group" add constraint "variant_group_package_id_foreign" foreign key ("package_id") references "package" ("id") on delete cascade;`,
    );

    this.addSql(
      `alter table "variant_option" add constraint "variant_option_group_id_foreign" foreign key ("group_id") references "variant_group" ("id") on delete cascade;`,
    );

    this.addSql(
      `alter table "variant_option_price" add constraint "variant_option_price_option_id_foreign" foreign key ("option_id") references "variant_option" ("id") on delete cascade;`,
    );

    this.addSql(
      `alter table "welcome_email" add constraint "welcome_email_package_id_foreign" foreign key ("package_id") references "package" ("id") on delete cascade;`,
    );
  }
}
