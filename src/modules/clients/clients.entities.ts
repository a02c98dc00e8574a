import { defineEntity, p } from '@mikro-orm/core';
import { Package } from '../catalog/catalog.entities.ts';

export const Client = defineEntity({
  name: 'Client',
  tableName: 'client',
  properties: {
    id: p.integer().primary(),
    email: p.string().length(254).unique(),
    name: p.string().length(120),
    passwordHash: p.string().length(200).nullable().hidden(),
    country: p.string().length(2).nullable(),
    currency: p.string().length(3).nullable(),
    language: p.string().length(10).nullable(),
    creditBalance: p.decimal('string').precision(19).scale(4).default('0'),
    allowedPackages: () => p.manyToMany(Package).pivotTable('client_allowed_package').owner(),
    createdAt: p.datetime().defaultRaw('now()').onCreate(() => new Date()),
  },
});
