import { Migration } from '@mikro-orm/migrations';

// Staff accounts managed in the admin: an invited member has no password until they follow
// their link (staff_invite keeps its hash), a disabled one can neither sign in nor use a token,
// and two-factor sign-in keeps a sealed TOTP secret, the last time step a code was accepted for
// (so no code works twice) and the hashes of unused recovery codes.
export class Migration20261204170000 extends Migration {
  override name = 'Migration20261204170000';

  override up(): void | Promise<void> {
    this.addSql(`alter table "staff" alter column "password_hash" drop not null;`);
    this.addSql(
      `alter table "staff" add column "disabled_at" timestamptz null, add column "totp_secret" varchar(300) null, add column "totp_last_step" bigint null, add column "recovery_codes" jsonb null, add column "last_sign_in_at" timestamptz null;`,
    );
    this.addSql(
      `create table "staff_invite" ("id" serial primary key, "staff_id" int not null, "token_hash" varchar(64) not null, "expires_at" timestamptz not null, "used_at" timestamptz null, "created_at" timestamptz not null default now());`,
    );
    this.addSql(`alter table "staff_invite" add constraint "staff_invite_token_hash_unique" unique ("token_hash");`);
    this.addSql(
      `alter table "staff_invite" add constraint "staff_invite_staff_id_foreign" foreign key ("staff_id") references "staff" ("id") on delete cascade;`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "staff_invite" cascade;`);
    this.addSql(
      `alter table "staff" drop column if exists "disabled_at", drop column if exists "totp_secret", drop column if exists "totp_last_step", drop column if exists "recovery_codes", drop column if exists "last_sign_in_at";`,
    );
  }
}
