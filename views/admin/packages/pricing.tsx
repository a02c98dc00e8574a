import type { PackageDetail } from '../../../src/modules/catalog/serialize-package.ts';
import { sameTermWarnings } from '../../../src/modules/catalog/rules/price.ts';
import type { PageProps } from '../../layouts/admin.tsx';
import type { Errors } from '../../components/form.tsx';
import { PackageShell } from './shell.tsx';
import { PriceRow } from './_price-row.tsx';

export interface PriceListProps {
  pkg: PackageDetail;
  csrfToken: string | null;
  currencies: string[];
  canWrite: boolean;
  /** The row that failed ('new' or a price id), with what was typed and what was wrong. */
  failed?: { key: string; values: Record<string, unknown>; errors: Errors };
  notice?: string;
}

export function PriceList(props: PriceListProps) {
  const warnings = sameTermWarnings(props.pkg.prices);
  const failedFor = (key: string) => (props.failed?.key === key ? props.failed : undefined);
  return (
    <div id="price-list">
      {props.notice && (
        <div class="notice ok" role="status">
          {props.notice}
        </div>
      )}
      {warnings.length > 0 && (
        <div class="notice warn" role="status">
          <strong>Check these prices:</strong>
          <ul>
            {warnings.map((w) => (
              <li>{w} Clients may not tell them apart.</li>
            ))}
          </ul>
        </div>
      )}
      {props.pkg.prices.length === 0 && <p class="muted">No prices yet: the package cannot be ordered until it has one.</p>}
      {props.pkg.prices.map((p) => (
        <PriceRow
          packageId={props.pkg.id}
          price={p}
          values={failedFor(String(p.id))?.values}
          errors={failedFor(String(p.id))?.errors}
          csrfToken={props.csrfToken}
          currencies={props.currencies}
          canWrite={props.canWrite}
        />
      ))}
      {props.canWrite && (
        <PriceRow
          packageId={props.pkg.id}
          values={failedFor('new')?.values}
          errors={failedFor('new')?.errors}
          csrfToken={props.csrfToken}
          currencies={props.currencies}
          canWrite
        />
      )}
    </div>
  );
}

export function PricingPage(props: PageProps & Omit<PriceListProps, 'csrfToken'>) {
  return (
    <PackageShell {...props} tab="pricing">
      <p class="lead">
        Amounts take up to 4 decimals (e.g. 0.0385); invoices round after totaling. Renaming a price renames the variant prices that use its
        name.
      </p>
      <PriceList {...props} csrfToken={props.csrfToken ?? null} />
    </PackageShell>
  );
}
