import type { Orm } from '../../src/db/orm.ts';

/**
 * Holds the package rows' locks in a transaction of its own, as a checkout under way does, until
 * `release` is called; resolves once they are held. `done` settles when that transaction ends.
 */
export async function holdPackageLocks(orm: Orm, packageIds: readonly number[]) {
  let release!: () => void;
  const released = new Promise<void>((r) => (release = r));
  let locked!: () => void;
  const isLocked = new Promise<void>((r) => (locked = r));
  const done = orm.em.fork().transactional(async (tx) => {
    await tx
      .getConnection()
      .execute(
        `select id from package where id in (${packageIds.map(() => '?').join(', ')}) order by id for update`,
        [...packageIds],
        'all',
        tx.getTransactionContext(),
      );
    locked();
    await released;
  });
  await Promise.race([isLocked, done]);
  return { release, done };
}
