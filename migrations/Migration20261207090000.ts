import { Migration } from '@mikro-orm/migrations';

// Distinct places in each list (catalogs, add-on groups, each catalog's packages), in the order
// they were shown (position, then id): a copied package used to take the place of the package
// after its source, and items added at once could share one. Items added from now on keep them
// distinct (src/modules/catalog/lock-list-end.ts).
export class Migration20261207090000 extends Migration {
  override name = 'Migration20261207090000';

  override up(): void | Promise<void> {
    for (const [table, partition] of [
      ['catalog', ''],
      ['addon_group', ''],
      ['package', 'partition by catalog_id'],
    ])
      this.addSql(`
        update "${table}" t set position = r.place
          from (select id, row_number() over (${partition} order by position, id)::int as place from "${table}") r
         where t.id = r.id and t.position <> r.place;`);
  }

  override down(): void | Promise<void> {
    // Nothing to undo: the order shown is the same.
  }
}
