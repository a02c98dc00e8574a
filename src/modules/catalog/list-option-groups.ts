import type { EntityManager } from '@mikro-orm/postgresql';
import { sql } from 'kysely';
import { db } from '../../db/database.ts';
import type { OptionType } from './rules/constants.ts';

export interface OptionGroupSummary {
  id: number;
  name: string;
  type: OptionType;
  options: string[];
  /** The packages using it, by name, in catalog order. */
  packages: { id: number; name: string }[];
}

/** Every configurable option group, with its options and the packages using it (for attaching one to a package). */
export async function listOptionGroups(em: EntityManager): Promise<OptionGroupSummary[]> {
  const rows = await db(em)
    .selectFrom('variant_group as g')
    .select(['g.id', 'g.name', 'g.type'])
    .select([
      sql<string[]>`coalesce((select array_agg(o.name order by o.position, o.id) from variant_option o where o.group_id = g.id), '{}')`.as(
        'options',
      ),
      sql<
        { id: number; name: string }[]
      >`coalesce((select json_agg(json_build_object('id', p.id, 'name', p.name) order by p.position, p.id) from package_option_group pg join package p on p.id = pg.package_id where pg.group_id = g.id), '[]')`.as(
        'packages',
      ),
    ])
    .orderBy('g.name')
    .orderBy('g.id')
    .execute();
  return rows.map((r) => ({ id: r.id, name: r.name, type: r.type, options: r.options, packages: r.packages }));
}
