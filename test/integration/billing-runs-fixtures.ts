// Services inserted with SQL, shaped like the ones checkout makes, for the billing run, preview
// and schedule tests: only the columns and snapshot fields renewals read.
import { createCatalog } from '../../src/modules/catalog/create-catalog.ts';
import { createPackage } from '../../src/modules/catalog/create-package.ts';
import { saveCurrency } from '../../src/modules/settings/save-currency.ts';
import { saveTaxRate } from '../../src/modules/settings/save-tax-rate.ts';
import type { Orm } from '../../src/db/orm.ts';

export type Term = { intervalCount: number; period: 'day' | 'week' | 'month' | 'year' };

export const snapshotOf = (term: Term, renewalAmount: string, currency = 'USD', quantity = 1) => ({
  priceName: 'Plan',
  price: { type: 'recurring', ...term, currency },
  quote: { renewalAmount, currency, lines: [{ quantity }] },
});

export function billingFixtures(orm: Orm) {
  const em = () => orm.em.fork();
  const sql = <T = Record<string, unknown>>(q: string, p: unknown[] = []) => orm.em.getConnection().execute<T[]>(q, p);
  let n = 0;
  return {
    sql,
    /** USD (default), EUR, JPY; 19% tax in DE; one taxable package. Returns the package id. */
    async basics(): Promise<number> {
      await saveCurrency(em(), { code: 'USD', name: 'US Dollar', rate: '1', isDefault: '1' });
      await saveCurrency(em(), { code: 'EUR', name: 'Euro', rate: '0.92' });
      await saveTaxRate(em(), { country: 'DE', name: 'MwSt', rate: '19' });
      const catalog = await createCatalog(em(), { name: 'Billing' });
      const pkg = await createPackage(em(), { catalogId: catalog.id, name: 'Web Hosting' });
      await sql('update package set taxable = true where id = ?', [pkg.id]);
      return pkg.id;
    },
    async client(name: string, country: string | null = 'DE'): Promise<number> {
      const [c] = await sql<{ id: number }>(`insert into client (email, name, country, currency) values (?, ?, ?, 'USD') returning id`, [
        `${name.toLowerCase().replace(/\W+/g, '-')}-${++n}@example.com`,
        name,
        country,
      ]);
      return c!.id;
    },
    async service(
      clientId: number,
      packageId: number,
      opts: {
        term?: Term;
        amount?: string;
        currency?: string;
        due: string;
        anchor?: number | null;
        status?: string;
        cancelAt?: string | null;
        billedUntil?: string | null;
        snapshot?: unknown;
      },
    ): Promise<number> {
      const snapshot =
        opts.snapshot ?? snapshotOf(opts.term ?? { intervalCount: 1, period: 'month' }, opts.amount ?? '10.0000', opts.currency ?? 'USD');
      const anchor = opts.anchor === undefined ? Number(opts.due.slice(8, 10)) : opts.anchor;
      const [s] = await sql<{ id: number }>(
        `insert into service (client_id, package_id, status, price_snapshot, anchor_day, next_due_date, cancel_at, billed_until) values (?, ?, ?, ?, ?, ?, ?, ?) returning id`,
        [
          clientId,
          packageId,
          opts.status ?? 'active',
          JSON.stringify(snapshot),
          anchor,
          opts.due,
          opts.cancelAt ?? null,
          opts.billedUntil ?? null,
        ],
      );
      return s!.id;
    },
  };
}
