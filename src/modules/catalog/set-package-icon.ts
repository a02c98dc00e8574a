import type { EntityManager } from '@mikro-orm/postgresql';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Package } from './catalog.entities.ts';
import { iconProblem, sniffIcon } from './rules/icon.ts';
import { DomainError, NotFound } from '../shared/errors.ts';
import { randomToken } from '../shared/tokens.ts';

/** Stores the icon under `<uploadDir>/icons/` with a random name; `bytes: null` removes it. */
export async function setPackageIcon(
  em: EntityManager,
  packageId: number,
  bytes: Uint8Array | null,
  opts: { uploadDir: string; maxBytes: number },
) {
  const pkg = await em.findOne(Package, { id: packageId });
  if (!pkg) throw new NotFound('That package');
  const old = pkg.iconPath;
  if (bytes === null) {
    pkg.iconPath = null;
  } else {
    const problem = iconProblem(bytes, opts.maxBytes);
    if (problem) throw new DomainError(problem, 'icon');
    const name = `${pkg.id}-${randomToken(9)}.${sniffIcon(bytes)}`;
    await mkdir(join(opts.uploadDir, 'icons'), { recursive: true });
    await writeFile(join(opts.uploadDir, 'icons', name), bytes);
    pkg.iconPath = `icons/${name}`;
  }
  await em.flush();
  // NOTE: the old file goes only after the row points elsewhere (a duplicate may share it).
  if (old && old !== pkg.iconPath && !(await em.count(Package, { iconPath: old }))) {
    await rm(join(opts.uploadDir, old), { force: true });
  }
  return pkg;
}
