import type { EntityManager } from '@mikro-orm/postgresql';
import { db } from '../../db/database.ts';
import type { PriceSnapshot } from '../pricing/rules/price-snapshot.ts';
import { variantDescription } from '../pricing/rules/quote.ts';

/** One configurable option as a service has it: what its pages show and what its plugin is told. */
export interface ChosenOption {
  groupId: number;
  group: string;
  type: string;
  /** The option chosen (a choice's, a yes/no's, a quantity's unit); null for a text. */
  option: string | null;
  quantity?: number;
  text?: string;
  /** "Operating system: Windows Server 2025", "Extra IPv4: 4 × IPv4 address", "Hostname: web1.example.com". */
  label: string;
}

/**
 * A service's configurable options from its price snapshot (ids, quantities and texts by group),
 * named as its groups and options are named now. A group or option deleted since is left out.
 */
export async function serviceOptions(
  em: EntityManager,
  snapshot: Pick<PriceSnapshot, 'optionIds' | 'optionQuantities' | 'optionTexts'>,
): Promise<ChosenOption[]> {
  const ids = snapshot.optionIds ?? [];
  const quantities = snapshot.optionQuantities ?? {};
  const texts = snapshot.optionTexts ?? {};
  const groupIds = [...Object.keys(quantities), ...Object.keys(texts)].map(Number).filter((n) => Number.isSafeInteger(n) && n > 0);
  if (!ids.length && !groupIds.length) return [];
  const q = db(em);
  const [picked, groups] = await Promise.all([
    ids.length
      ? q
          .selectFrom('variant_option as o')
          .innerJoin('variant_group as g', 'g.id', 'o.group_id')
          .select(['g.id as group_id', 'g.name as group_name', 'g.type', 'g.position', 'o.name'])
          .where('o.id', 'in', ids)
          .execute()
      : [],
    groupIds.length
      ? q
          .selectFrom('variant_group as g')
          .select(['g.id as group_id', 'g.name as group_name', 'g.type', 'g.position'])
          .select((eb) =>
            eb
              .selectFrom('variant_option as o')
              .select('o.name')
              .whereRef('o.group_id', '=', 'g.id')
              .orderBy('o.position')
              .orderBy('o.id')
              .limit(1)
              .as('name'),
          )
          .where('g.id', 'in', groupIds)
          .execute()
      : [],
  ]);
  const out: ChosenOption[] = [];
  for (const r of picked) out.push(chosen(r.group_id, r.group_name, r.type, r.name, {}));
  for (const r of groups) {
    const n = quantities[String(r.group_id)];
    const text = texts[String(r.group_id)];
    if (r.type === 'quantity' && n) out.push(chosen(r.group_id, r.group_name, r.type, r.name ?? r.group_name, { quantity: n }));
    if (r.type === 'text' && text) out.push(chosen(r.group_id, r.group_name, r.type, null, { text }));
  }
  return out.sort((a, b) => a.groupId - b.groupId);
}

function chosen(
  groupId: number,
  group: string,
  type: string,
  option: string | null,
  extra: { quantity?: number; text?: string },
): ChosenOption {
  const label = variantDescription({ groupId, groupName: group, option: { id: 0, name: option ?? '', prices: [] }, ...extra });
  return { groupId, group, type, option, ...extra, label };
}
