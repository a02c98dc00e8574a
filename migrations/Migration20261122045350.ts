import { Migration } from '@mikro-orm/migrations';

export class Migration20261122045350 extends Migration {
  override name = 'Migration20261122045350';

  override up(): void | Promise<void> {
    this.addSql(
      `create table "billing_run" ("id" serial primary key, "trigger" varchar(16) not null, "status" varchar(12) not null default 'running', "as_of" date not null, "actor" varchar(120) not null default 'system', "retry_of_id" int null, "batches" int not null default 0, "scanned" int not null default 0, "invoices" int not null default 0, "failures" int not null default 0, "error" text null, "started_at" timestamptz not null default now(), "finished_at" timestamptz null);`,
    );
    this.addSql(`create index "billing_run_started_at_index" on "billing_run" ("started_at");`);

    this.addSql(
      `create table "billing_run_batch" ("id" serial primary key, "run_id" int not null, "seq" int not null, "after_client_id" int not null, "up_to_client_id" int not null, "status" varchar(12) not null default 'pending', "scanned" int not null default 0, "invoices" int not null default 0, "failures" int not null default 0, "attempts" int not null default 0, "error" text null, "created_at" timestamptz not null default now(), "finished_at" timestamptz null);`,
    );
    this.addSql(`create index "billing_run_batch_status_created_at_index" on "billing_run_batch" ("status", "created_at");`);
    this.addSql(`alter table "billing_run_batch" add constraint "billing_run_batch_run_id_seq_unique" unique ("run_id", "seq");`);

    this.addSql(
      `create table "billing_run_failure" ("id" serial primary key, "run_id" int not null, "service_id" int not null, "reason" varchar(500) not null, "retried_at" timestamptz null, "created_at" timestamptz not null default now());`,
    );
    this.addSql(`create index "billing_run_failure_run_id_index" on "billing_run_failure" ("run_id");`);

    this.addSql(
      `create table "service_change" ("id" serial primary key, "service_id" int not null, "from_package_id" int not null, "to_package_id" int not null, "to_price_id" int null, "option_ids" jsonb not null default '[]', "new_snapshot" jsonb not null, "period_start" date not null, "period_end" date not null, "effective_date" date not null, "currency" varchar(3) not null, "credit" numeric(19,4) not null, "charge" numeric(19,4) not null, "net" numeric(19,4) not null, "status" varchar(20) not null default 'awaiting_payment', "invoice_id" int null, "actor" varchar(120) not null default 'client', "created_at" timestamptz not null default now(), "applied_at" timestamptz null);`,
    );
    this.addSql(`create index "service_change_service_id_status_index" on "service_change" ("service_id", "status");`);
    this.addSql(`create index "service_change_invoice_id_index" on "service_change" ("invoice_id");`);
    this.addSql(`create index "service_change_to_package_id_status_index" on "service_change" ("to_package_id", "status");`);

    this.addSql(`alter table "invoice" add "credit_applied" numeric(19,4) not null default '0', add "billing_run_id" int null;`);
    this.addSql(`create index "invoice_status_due_date_index" on "invoice" ("status", "due_date");`);
    this.addSql(`create index "invoice_billing_run_id_index" on "invoice" ("billing_run_id");`);

    this.addSql(`create index "invoice_line_service_id_index" on "invoice_line" ("service_id");`);
    this.addSql(`create index "invoice_line_invoice_id_index" on "invoice_line" ("invoice_id");`);

    this.addSql(`alter table "service" add "billed_until" date null, add "suspend_reason" varchar(16) null;`);
    this.addSql(`create index "service_status_next_due_date_index" on "service" ("status", "next_due_date");`);
    this.addSql(`create index "service_cancel_at_index" on "service" ("cancel_at") where cancel_at is not null;`);

    this.addSql(`alter table "billing_run" add constraint "billing_run_status_check" check (status in ('running', 'done', 'failed'));`);

    this.addSql(
      `alter table "billing_run_batch" add constraint "billing_run_batch_run_id_foreign" foreign key ("run_id") references "billing_run" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "billing_run_batch" add constraint "billing_run_batch_status_check" check (status in ('pending', 'done', 'failed', 'abandoned'));`,
    );

    this.addSql(
      `alter table "billing_run_failure" add constraint "billing_run_failure_run_id_foreign" foreign key ("run_id") references "billing_run" ("id") on delete cascade;`,
    );

    this.addSql(
      `alter table "service_change" add constraint "service_change_service_id_foreign" foreign key ("service_id") references "service" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "service_change" add constraint "service_change_status_check" check (status in ('awaiting_payment', 'applied', 'void'));`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "billing_run_batch" drop constraint "billing_run_batch_run_id_foreign";`);
    this.addSql(`alter table "billing_run_failure" drop constraint "billing_run_failure_run_id_foreign";`);

    this.addSql(`drop table if exists "billing_run" cascade;`);
    this.addSql(`drop table if exists "billing_run_batch" cascade;`);
    this.addSql(`drop table if exists "billing_run_failure" cascade;`);
    this.addSql(`drop table if exists "service_change" cascade;`);

    this.addSql(`drop index "invoice_status_due_date_index";`);
    this.addSql(`drop index "invoice_billing_run_id_index";`);
    this.addSql(`alter table "invoice" drop column "credit_applied", drop column "billing_run_id";`);

    this.addSql(`drop index "invoice_line_service_id_index";`);
    this.addSql(`drop index "invoice_line_invoice_id_index";`);

    this.addSql(`drop index "service_status_next_due_date_index";`);
    this.addSql(`drop index "service_cancel_at_index";`);
    this.addSql(`alter table "service" drop column "billed_until", drop column "suspend_reason";`);
  }
}
