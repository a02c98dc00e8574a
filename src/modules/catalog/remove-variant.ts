import type { EntityManager } from '@mikro-orm/postgresql';
import { VariantGroup, VariantOption } from './catalog.entities.ts';
import { NotFound } from '../shared/errors.ts';

export async function removeVariantGroup(em: EntityManager, packageId: number, groupId: number) {
  const n = await em.nativeDelete(VariantGroup, { id: groupId, package: packageId });
  if (!n) throw new NotFound('That variant group');
}

export async function removeVariantOption(em: EntityManager, packageId: number, groupId: number, optionId: number) {
  const group = await em.findOne(VariantGroup, { id: groupId, package: packageId });
  if (!group) throw new NotFound('That variant group');
  const n = await em.nativeDelete(VariantOption, { id: optionId, group: groupId });
  if (!n) throw new NotFound('That variant option');
}
