import { Migration } from '@mikro-orm/migrations';

// A message log per client: each email names the client it was for (none for staff mail), what
// it is ('welcome', 'invoice', ...), the SMTP server's answer when it took it, and the email it
// is a copy of when staff sent it again.
// Emails sent before are given to the client whose address they went to, and a kind read from
// their dedupe key, the only record of what they were.
export class Migration20261204140000 extends Migration {
  override name = 'Migration20261204140000';

  override up(): void | Promise<void> {
    this.addSql(
      `alter table "mail_message" add "client_id" int null, add "kind" varchar(40) not null default 'other', add "smtp_response" text null, add "resent_from" bigint null;`,
    );
    this.addSql(
      `alter table "mail_message" add constraint "mail_message_client_id_foreign" foreign key ("client_id") references "client" ("id") on delete set null;`,
    );
    this.addSql(`create index "mail_message_client_id_created_at_index" on "mail_message" ("client_id", "created_at");`);

    this.addSql(`update "mail_message" m set "client_id" = c.id from "client" c where c.email = m."to";`);
    this.addSql(`
      update "mail_message" set "kind" = case
        when dedupe_key like 'welcome-test:%' then 'welcome-test'
        when dedupe_key like 'welcome:%' then 'welcome'
        when dedupe_key like 'password-reset:%' then 'password-reset'
        when dedupe_key like 'password-set:%' then 'password-set'
        when dedupe_key like 'invoice-resend:%' then 'invoice'
        when dedupe_key like 'card-charge:%' then 'card-charge'
        when dedupe_key like 'dispute:%' then 'dispute'
        else 'other' end;`);
    // Staff mail is not a client's, even when a staff member is also a client.
    this.addSql(`update "mail_message" set "client_id" = null where kind in ('dispute', 'welcome-test');`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "mail_message" drop constraint "mail_message_client_id_foreign";`);
    this.addSql(`drop index "mail_message_client_id_created_at_index";`);
    this.addSql(
      `alter table "mail_message" drop column "client_id", drop column "kind", drop column "smtp_response", drop column "resent_from";`,
    );
  }
}
