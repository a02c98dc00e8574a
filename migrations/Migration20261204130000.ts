import { Migration } from '@mikro-orm/migrations';

// Invoices as documents: a number from the gapless `invoice` series, the seller and the buyer as
// they were when the invoice was issued, and whether VAT was reverse-charged. Clients get the
// billing details an invoice prints (company, address, VAT ID).
// Invoices issued before keep their ids and are numbered here in the order they were made, per
// year (the default format INV-{YYYY}-{0000}); the series goes on from there. Their parties are
// copied from today's client rows and seller details: the best record there is of them.
export class Migration20261204130000 extends Migration {
  override name = 'Migration20261204130000';

  override up(): void | Promise<void> {
    this.addSql(`alter table "client" add "company" varchar(120) null, add "address" varchar(300) null, add "vat_id" varchar(20) null;`);
    this.addSql(
      `alter table "invoice" add "number" varchar(40) null, add "seller" jsonb null, add "buyer" jsonb null, add "reverse_charge" boolean not null default false;`,
    );
    this.addSql(`alter table "invoice" add constraint "invoice_number_unique" unique ("number");`);

    this.addSql(`
      with numbered as (
        select id, extract(year from created_at at time zone 'UTC')::int as year,
               row_number() over (partition by extract(year from created_at at time zone 'UTC') order by created_at, id) as n
          from invoice where status <> 'draft'
      )
      update invoice i set number = 'INV-' || lpad(numbered.year::text, 4, '0') || '-' || lpad(numbered.n::text, 4, '0')
        from numbered where numbered.id = i.id;`);
    this.addSql(`
      insert into document_sequence (series, year, next)
      select 'invoice', extract(year from created_at at time zone 'UTC')::int, count(*) + 1
        from invoice where number is not null group by 2
      on conflict (series, year) do update set next = excluded.next;`);
    this.addSql(`
      update invoice i set
        buyer = jsonb_build_object('name', c.name, 'email', c.email, 'company', c.company, 'address', c.address, 'country', c.country, 'vatId', c.vat_id),
        seller = jsonb_build_object('name', 'Hostbill', 'address', '', 'country', '', 'vatId', '', 'registrationNumber', '', 'email', '', 'bankDetails', '', 'footer', '')
                 || coalesce((select value from setting where key = 'company' and jsonb_typeof(value) = 'object'), '{}'::jsonb)
        from client c where c.id = i.client_id and i.status <> 'draft';`);
  }

  override down(): void | Promise<void> {
    this.addSql(`delete from document_sequence where series = 'invoice';`);
    this.addSql(`alter table "invoice" drop constraint "invoice_number_unique";`);
    this.addSql(`alter table "invoice" drop column "number", drop column "seller", drop column "buyer", drop column "reverse_charge";`);
    this.addSql(`alter table "client" drop column "company", drop column "address", drop column "vat_id";`);
  }
}
