import { Migration } from '@mikro-orm/migrations';

// Refunds are negative payments (pending while a gateway answers, then succeeded or failed), each
// with a credit note numbered from a gapless per-series, per-year sequence.
export class Migration20261204110000 extends Migration {
  override name = 'Migration20261204110000';

  override up(): void | Promise<void> {
    this.addSql(
      `alter table "payment" add "kind" varchar(8) not null default 'payment', add "status" varchar(10) not null default 'succeeded', add "idempotency_key" varchar(80) null, add "staff_id" int null, add "reason" varchar(200) not null default '', add "end_services" boolean not null default false, add "failure" varchar(500) null, add "settled_at" timestamptz null;`,
    );
    this.addSql(`alter table "payment" add constraint "payment_idempotency_key_unique" unique ("idempotency_key");`);
    this.addSql(
      `alter table "payment" add constraint "payment_staff_id_foreign" foreign key ("staff_id") references "staff" ("id") on delete set null;`,
    );
    this.addSql(`alter table "payment" add constraint "payment_kind_check" check (kind in ('payment', 'refund'));`);
    this.addSql(`alter table "payment" add constraint "payment_status_check" check (status in ('pending', 'succeeded', 'failed'));`);
    this.addSql(`alter table "payment" add constraint "payment_refund_sign_check" check ((kind = 'refund') = (amount < 0));`);

    this.addSql(
      `create table "credit_note" ("id" serial primary key, "number" varchar(40) not null, "invoice_id" int not null, "refund_id" int not null, "client_id" int not null, "amount" numeric(19,4) not null, "currency" varchar(3) not null, "reason" varchar(200) not null default '', "issued_at" timestamptz not null default now());`,
    );
    this.addSql(`alter table "credit_note" add constraint "credit_note_number_unique" unique ("number");`);
    this.addSql(`alter table "credit_note" add constraint "credit_note_refund_id_unique" unique ("refund_id");`);
    this.addSql(`create index "credit_note_invoice_id_index" on "credit_note" ("invoice_id");`);
    this.addSql(`create index "credit_note_client_id_index" on "credit_note" ("client_id");`);
    this.addSql(
      `alter table "credit_note" add constraint "credit_note_invoice_id_foreign" foreign key ("invoice_id") references "invoice" ("id") on delete restrict;`,
    );
    this.addSql(
      `alter table "credit_note" add constraint "credit_note_refund_id_foreign" foreign key ("refund_id") references "payment" ("id") on delete restrict;`,
    );
    this.addSql(
      `alter table "credit_note" add constraint "credit_note_client_id_foreign" foreign key ("client_id") references "client" ("id") on delete restrict;`,
    );

    this.addSql(
      `create table "document_sequence" ("series" varchar(20) not null, "year" int not null, "next" int not null default 1, constraint "document_sequence_pkey" primary key ("series", "year"));`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "document_sequence" cascade;`);
    this.addSql(`drop table if exists "credit_note" cascade;`);
    this.addSql(
      `alter table "payment" drop constraint if exists "payment_refund_sign_check", drop constraint if exists "payment_status_check", drop constraint if exists "payment_kind_check", drop constraint if exists "payment_staff_id_foreign", drop constraint if exists "payment_idempotency_key_unique";`,
    );
    this.addSql(
      `alter table "payment" drop column "kind", drop column "status", drop column "idempotency_key", drop column "staff_id", drop column "reason", drop column "end_services", drop column "failure", drop column "settled_at";`,
    );
  }
}
