import type { EntityManager } from '@mikro-orm/postgresql';
import { listAuditEntries, type AuditRow } from './list-audit-entries.ts';

/** A record's latest changes, for the history card on its page (the trail's page has the rest). */
export async function loadObjectHistory(
  em: EntityManager,
  objectType: string,
  objectId: number | string,
  limit = 10,
): Promise<{ items: AuditRow[]; more: boolean }> {
  const list = await listAuditEntries(em, { object: objectType, objectId: String(objectId), perPage: String(limit) });
  return { items: list.items, more: list.total > list.items.length };
}
