import type { EntityManager } from '@mikro-orm/postgresql';

/** The plugin call for a status change the database already made (suspend, unsuspend, terminate, changePackage). */
export async function runServiceAction(_em: EntityManager, _input: { serviceId: number; verb: string; changeId?: number; key: string }, _appSecret: string, _now: Date): Promise<string> {
  return 'skipped';
}
