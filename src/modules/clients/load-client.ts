import type { EntityManager } from '@mikro-orm/postgresql';
import { Client } from './clients.entities.ts';
import { NotFound } from '../shared/errors.ts';
import { isRowId } from '../shared/row-id.ts';

export interface ClientDetail {
  id: number;
  name: string;
  email: string;
  country: string | null;
  currency: string | null;
  language: string | null;
  /** Billing details invoices print (copied onto each when issued). */
  company: string | null;
  address: string | null;
  vatId: string | null;
  creditBalance: string;
  hasPassword: boolean;
  allowedPackageIds: number[];
  createdAt: string;
}

/** A client's profile as staff and the API see it (never the password hash). */
export async function loadClient(em: EntityManager, id: number): Promise<ClientDetail> {
  if (!isRowId(id)) throw new NotFound('That client');
  const client = await em.findOne(Client, { id }, { populate: ['allowedPackages'] });
  if (!client) throw new NotFound('That client');
  return {
    id: client.id,
    name: client.name,
    email: client.email,
    country: client.country ?? null,
    currency: client.currency ?? null,
    language: client.language ?? null,
    company: client.company ?? null,
    address: client.address ?? null,
    vatId: client.vatId ?? null,
    creditBalance: client.creditBalance,
    hasPassword: !!client.passwordHash,
    allowedPackageIds: client.allowedPackages
      .getItems()
      .map((p) => p.id)
      .sort((a, b) => a - b),
    createdAt: client.createdAt.toISOString(),
  };
}
