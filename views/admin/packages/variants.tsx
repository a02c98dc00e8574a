import type { PackageDetail, VariantOptionDetail } from '../../../src/modules/catalog/serialize-package.ts';
import { orphanVariantPrices } from '../../../src/modules/catalog/rules/variant-prices.ts';
import type { PageProps } from '../../layouts/admin.tsx';
import { tidyAmount } from '../../../src/modules/shared/money.ts';
import { Csrf, Field, type Errors } from '../../components/form.tsx';
import { PackageShell } from './shell.tsx';

export interface VariantsProps {
  pkg: PackageDetail;
  csrfToken: string | null;
  canWrite: boolean;
  /** Which form failed ("group-new", "group-3", "option-new-3", "option-7") with its errors. */
  failed?: { key: string; errors: Errors; values?: Record<string, unknown> };
}

function OptionForm(props: { pkg: PackageDetail; groupId: number; option?: VariantOptionDetail; csrfToken: string | null; canWrite: boolean; failed?: VariantsProps['failed'] }) {
  const o = props.option;
  const key = o ? `option-${o.id}` : `option-new-${props.groupId}`;
  const errors = props.failed?.key === key ? props.failed.errors : {};
  const prefix = o ? `o${o.id}` : `onew${props.groupId}`;
  const action = o ? `/admin/packages/${props.pkg.id}/variants/${props.groupId}/options/${o.id}` : `/admin/packages/${props.pkg.id}/variants/${props.groupId}/options`;
  const packagePrices = props.pkg.prices.map((p) => ({ name: p.name, currency: p.currency }));
  const existing = o?.prices ?? [];
  const orphans = orphanVariantPrices(existing, packagePrices);
  const rows = [
    ...packagePrices.map((p) => ({ priceName: p.name, currency: p.currency, orphan: false, current: existing.find((x) => x.priceName === p.name && x.currency === p.currency) })),
    ...orphans.map((x) => ({ priceName: x.priceName, currency: x.currency, orphan: true, current: x })),
  ];
  return (
    <form method="post" action={action} hx-post={action} hx-target="#variants" hx-swap="outerHTML" class={`option-form${o ? '' : ' new'}`}>
      <Csrf token={props.csrfToken} />
      <fieldset disabled={!props.canWrite}>
        <legend class="sr-only">{o ? `Option ${o.name}` : 'New option'}</legend>
        <Field name="name" prefix={prefix} label={o ? 'Option name' : 'New option name'} value={String(props.failed?.key === key ? (props.failed.values?.name ?? '') : (o?.name ?? ''))} error={errors.name} maxlength={120} placeholder="Ubuntu 24.04" />
        {errors.prices && (
          <p class="error" role="alert">
            {errors.prices}
          </p>
        )}
        {rows.length > 0 && (
          <table class="table compact">
            <caption class="sr-only">Prices for this option</caption>
            <thead>
              <tr>
                <th scope="col">Package price</th>
                <th scope="col">Price</th>
                <th scope="col">Setup fee</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r, i) => (
                <tr class={r.orphan ? 'orphan' : ''}>
                  <td>
                    {r.orphan ? (
                      <>
                        <label for={`${prefix}-pn-${i}`} class="sr-only">{`Price name for the unmatched ${r.currency} price`}</label>
                        <input id={`${prefix}-pn-${i}`} name="pn[]" value={r.priceName} aria-describedby={`${prefix}-orphan-${i}`} aria-invalid="true" />
                        <p class="error" id={`${prefix}-orphan-${i}`}>
                          No package price is named "{r.priceName}" in {r.currency}: clients cannot buy this. Rename it to match, or clear its amount to remove it.
                        </p>
                      </>
                    ) : (
                      <>
                        {r.priceName} ({r.currency})
                        <input type="hidden" name="pn[]" value={r.priceName} />
                      </>
                    )}
                    <input type="hidden" name="pc[]" value={r.currency} />
                  </td>
                  <td>
                    <label for={`${prefix}-pp-${i}`} class="sr-only">{`${r.priceName} (${r.currency}) price`}</label>
                    <input id={`${prefix}-pp-${i}`} name="pp[]" value={tidyAmount(r.current?.price)} inputmode="decimal" placeholder="not offered" aria-invalid={errors[`prices.${i}.price`] ? 'true' : undefined} />
                    {errors[`prices.${i}.price`] && <p class="error">{errors[`prices.${i}.price`]}</p>}
                  </td>
                  <td>
                    <label for={`${prefix}-ps-${i}`} class="sr-only">{`${r.priceName} (${r.currency}) setup fee`}</label>
                    <input id={`${prefix}-ps-${i}`} name="ps[]" value={tidyAmount(r.current?.setupFee)} inputmode="decimal" placeholder="0.00" />
                    {errors[`prices.${i}.setupFee`] && <p class="error">{errors[`prices.${i}.setupFee`]}</p>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </fieldset>
      {props.canWrite && (
        <div class="row-actions">
          <button type="submit" class={o ? '' : 'primary'}>
            {o ? 'Save option' : 'Add option'}
          </button>
          {o && (
            <button type="submit" formaction={`${action}/delete`} hx-post={`${action}/delete`} hx-confirm={`Remove the option "${o.name}"?`} class="small danger">
              Remove option
            </button>
          )}
        </div>
      )}
    </form>
  );
}

export function VariantGroups(props: VariantsProps) {
  const base = `/admin/packages/${props.pkg.id}/variants`;
  const groupErr = (key: string) => (props.failed?.key === key ? props.failed.errors : {});
  const orphanCount = props.pkg.variantGroups.flatMap((g) => g.options).reduce((n, o) => n + orphanVariantPrices(o.prices, props.pkg.prices.map((p) => ({ name: p.name, currency: p.currency }))).length, 0);
  return (
    <div id="variants">
      {orphanCount > 0 && (
        <div class="notice error" role="alert">
          {orphanCount} variant price{orphanCount === 1 ? '' : 's'} match{orphanCount === 1 ? 'es' : ''} no package price by name and currency. Clients cannot buy {orphanCount === 1 ? 'it' : 'them'} until renamed.
        </div>
      )}
      {props.pkg.prices.length === 0 && <div class="notice warn">Add package prices first: variant prices are set per package price.</div>}
      {props.pkg.variantGroups.map((g) => (
        <section class="variant-group" id={`group-${g.id}`}>
          <form method="post" action={`${base}/${g.id}`} hx-post={`${base}/${g.id}`} hx-target="#variants" hx-swap="outerHTML" class="group-head">
            <Csrf token={props.csrfToken} />
            <Field name="name" prefix={`g${g.id}`} label="Group name" value={g.name} error={groupErr(`group-${g.id}`).name} maxlength={120} disabled={!props.canWrite} />
            {props.canWrite && (
              <>
                <button type="submit">Rename</button>
                <button type="submit" formaction={`${base}/${g.id}/delete`} hx-post={`${base}/${g.id}/delete`} hx-confirm={`Remove the group "${g.name}" and its options?`} class="small danger">
                  Remove group
                </button>
              </>
            )}
          </form>
          {g.options.map((o) => (
            <OptionForm pkg={props.pkg} groupId={g.id} option={o} csrfToken={props.csrfToken} canWrite={props.canWrite} failed={props.failed} />
          ))}
          {props.canWrite && <OptionForm pkg={props.pkg} groupId={g.id} csrfToken={props.csrfToken} canWrite failed={props.failed} />}
        </section>
      ))}
      {props.canWrite && (
        <form method="post" action={base} hx-post={base} hx-target="#variants" hx-swap="outerHTML" class="card inset">
          <Csrf token={props.csrfToken} />
          <Field name="name" prefix="gnew" label="New variant group" placeholder="Operating system" value={String(props.failed?.key === 'group-new' ? (props.failed.values?.name ?? '') : '')} error={groupErr('group-new').name} maxlength={120} />
          <button type="submit" class="primary">
            Add group
          </button>
        </form>
      )}
    </div>
  );
}

export function VariantsPage(props: PageProps & Omit<VariantsProps, 'csrfToken'>) {
  return (
    <PackageShell {...props} tab="variants">
      <p class="lead">Configurable options clients choose when ordering (e.g. an operating system). Each option's price is set per package price, matched by the price's name and currency.</p>
      <VariantGroups {...props} csrfToken={props.csrfToken ?? null} />
    </PackageShell>
  );
}
