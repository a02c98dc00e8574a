import { defineEntity, p } from '@mikro-orm/core';
import type { ServiceStatus } from './rules/constants.ts';
import { Package, PackagePrice } from '../catalog/catalog.entities.ts';
import { Client } from '../clients/clients.entities.ts';

export const Service = defineEntity({
  name: 'Service',
  tableName: 'service',
  indexes: [{ properties: ['package', 'status'] }, { properties: ['client', 'status'] }],
  checks: [{ name: 'service_status_check', expression: "status in ('pending', 'active', 'suspended', 'cancelled', 'terminated')" }],
  properties: {
    id: p.integer().primary(),
    client: () => p.manyToOne(Client).ref().deleteRule('restrict'),
    // NOTE: restrict, so a package in use can never be deleted, whatever path tries.
    package: () => p.manyToOne(Package).ref().deleteRule('restrict'),
    price: () => p.manyToOne(PackagePrice).ref().nullable().deleteRule('set null'),
    status: p.string().length(16).$type<ServiceStatus>().default('pending'),
    priceSnapshot: p.json<Record<string, unknown>>().default('{}'),
    anchorDay: p.smallint().nullable(),
    nextDueDate: p.date().nullable(),
    createdAt: p.datetime().defaultRaw('now()').onCreate(() => new Date()),
    updatedAt: p.datetime().defaultRaw('now()').onCreate(() => new Date()).onUpdate(() => new Date()),
  },
});
