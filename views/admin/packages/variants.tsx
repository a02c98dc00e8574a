import type { PackageDetail, VariantOptionDetail } from '../../../src/modules/catalog/serialize-package.ts';
import type { OptionGroupSummary } from '../../../src/modules/catalog/list-option-groups.ts';
import { optionPriceGaps } from '../../../src/modules/catalog/rules/option-price-gaps.ts';
import { orphanVariantPrices } from '../../../src/modules/catalog/rules/variant-prices.ts';
import { Checklist } from '../../components/checklist.tsx';
import type { PageProps } from '../../layouts/admin.tsx';
import { tidyAmount } from '../../../src/modules/shared/money.ts';
import { Checkbox, Csrf, Field, Select, type Errors } from '../../components/form.tsx';
import { formText } from '../../components/form-text.ts';
import { OPTION_TYPE_LABELS, OPTION_TYPES } from '../../../src/modules/catalog/rules/constants.ts';
import { PackageShell } from './shell.tsx';

export interface VariantsProps {
  pkg: PackageDetail;
  csrfToken: string | null;
  canWrite: boolean;
  /** Which form failed ("group-new", "group-3", "option-new-3", "option-7", "attach") with its errors. */
  failed?: { key: string; errors: Errors; values?: Record<string, unknown> };
  /** Every option group, to attach shared ones. */
  groups: OptionGroupSummary[];
}

/** The other packages using a group: its prices and options are theirs too. */
function othersOf(props: VariantsProps, groupId: number) {
  return props.groups.find((g) => g.id === groupId)?.packages.filter((p) => p.id !== props.pkg.id) ?? [];
}

/**
 * What a refused form sent, to show it again as the user left it: `name` of the form `key`'s
 * values, or undefined when another form (or none) was refused. A list field (`pp[]`) is a list.
 */
function sentBy(failed: VariantsProps['failed'], key: string): Record<string, unknown> | undefined {
  return failed?.key === key ? (failed.values ?? {}) : undefined;
}

/** The `i`th entry a refused form sent in the list `name` (a row's price), or undefined. */
function sentAt(sent: Record<string, unknown> | undefined, name: string, i: number): string | undefined {
  const list = sent?.[name];
  return Array.isArray(list) ? formText(list[i]) : undefined;
}

/** A group's type and what goes with it: how a choice shows, a quantity's bounds, a text's pattern, and whether clients may change it later. */
function GroupSettings(props: {
  group: PackageDetail['variantGroups'][number];
  prefix: string;
  errors: Errors;
  disabled: boolean;
  /** What a refused save of this group sent: shown again in place of the stored settings. */
  sent?: Record<string, unknown>;
}) {
  const g = props.group;
  const e = props.errors;
  const sent = props.sent;
  const shown = (k: 'type' | 'display' | 'minQuantity' | 'maxQuantity' | 'pattern') => (sent ? formText(sent[k]) : g[k]);
  return (
    <details class="group-settings" open={Object.keys(e).some((k) => k !== 'name') || undefined}>
      <summary>
        {OPTION_TYPE_LABELS[g.type].split(':')[0]}
        {g.type === 'quantity' ? ` ${g.minQuantity}–${g.maxQuantity}` : ''}
        {g.upgradable ? ' · changeable on active services' : ''}
      </summary>
      <div class="row">
        <Select
          name="type"
          prefix={props.prefix}
          label="Type"
          value={shown('type')}
          error={e.type}
          options={OPTION_TYPES.map((t) => [t, OPTION_TYPE_LABELS[t]] as const)}
        />
        <Select
          name="display"
          prefix={props.prefix}
          label="A choice shows as"
          value={shown('display')}
          error={e.display}
          options={[
            ['radio', 'Radio buttons'],
            ['select', 'A drop-down list'],
          ]}
        />
        <Field
          name="minQuantity"
          prefix={props.prefix}
          label="Quantity: at least"
          type="number"
          min={0}
          value={shown('minQuantity')}
          error={e.minQuantity}
        />
        <Field
          name="maxQuantity"
          prefix={props.prefix}
          label="Quantity: at most"
          type="number"
          min={1}
          value={shown('maxQuantity')}
          error={e.maxQuantity}
        />
        <Field
          name="pattern"
          prefix={props.prefix}
          label="Text: pattern"
          value={shown('pattern')}
          error={e.pattern}
          placeholder="^[a-z0-9.-]+$"
          hint="A regular expression the value must match."
        />
      </div>
      <Checkbox
        name="upgradable"
        prefix={props.prefix}
        label="Clients may change it on an active service (priced like a package change)"
        checked={sent ? formText(sent.upgradable) : g.upgradable}
        error={e.upgradable}
      />
    </details>
  );
}

function PriceGaps(props: { pkg: PackageDetail }) {
  const gaps = optionPriceGaps(props.pkg.prices, props.pkg.variantGroups);
  if (!gaps.length) return null;
  return (
    <div class="notice warn" role="status" id="option-price-gaps">
      <p>Some options have no price for some of this package’s prices, so clients are not offered them with those prices:</p>
      <ul>
        {gaps.map((g) => (
          <li>
            {g.priceName} ({g.currency}): {g.group}: {g.options.join(', ')}
          </li>
        ))}
      </ul>
      <p class="small">Price them below, or give this package its own prices for them, to offer them.</p>
    </div>
  );
}

function AttachGroups(props: VariantsProps) {
  const action = `/admin/packages/${props.pkg.id}/variants/attach`;
  const errors = props.failed?.key === 'attach' ? props.failed.errors : {};
  // A refused save shows the ticks it sent, not the stored ones.
  const sent = sentBy(props.failed, 'attach')?.groupIds;
  const sentTicks = Array.isArray(sent) ? sent.filter((v): v is number => typeof v === 'number') : undefined;
  const items = props.groups.map((g) => ({
    id: g.id,
    label: g.name,
    note: `${g.options.join(', ') || 'no options yet'}${g.packages.length ? ` · used by ${g.packages.map((p) => p.name).join(', ')}` : ''}`,
  }));
  return (
    <form method="post" action={action} hx-post={action} hx-target="#variants" hx-swap="outerHTML" class="card inset">
      <Csrf token={props.csrfToken} />
      <Checklist
        name="groupIds"
        legend="Option groups this package uses"
        hint="A group is defined once and may be used by many packages; its options are priced by package price name, so it fits every package with those price names."
        items={items}
        chosen={sentTicks ?? props.pkg.variantGroups.map((g) => g.id)}
        idPrefix="attach"
        empty="No option groups yet: add one below."
        disabled={!props.canWrite}
        error={errors.groupIds ?? errors._}
      />
      {props.canWrite && <button type="submit">Save groups used</button>}
    </form>
  );
}

function OptionForm(props: {
  pkg: PackageDetail;
  groupId: number;
  option?: VariantOptionDetail;
  csrfToken: string | null;
  canWrite: boolean;
  failed?: VariantsProps['failed'];
}) {
  const o = props.option;
  const key = o ? `option-${o.id}` : `option-new-${props.groupId}`;
  const errors = props.failed?.key === key ? props.failed.errors : {};
  const sent = sentBy(props.failed, key);
  const prefix = o ? `o${o.id}` : `onew${props.groupId}`;
  const action = o
    ? `/admin/packages/${props.pkg.id}/variants/${props.groupId}/options/${o.id}`
    : `/admin/packages/${props.pkg.id}/variants/${props.groupId}/options`;
  const packagePrices = props.pkg.prices.map((p) => ({ name: p.name, currency: p.currency }));
  // NOTE: the group's own prices (shared with every package using it), never this package's own over them.
  const existing = o?.groupPrices ?? o?.prices ?? [];
  const orphans = orphanVariantPrices(existing, packagePrices);
  const rows = [
    ...packagePrices.map((p) => ({
      priceName: p.name,
      currency: p.currency,
      orphan: false,
      current: existing.find((x) => x.priceName === p.name && x.currency === p.currency),
    })),
    ...orphans.map((x) => ({ priceName: x.priceName, currency: x.currency, orphan: true, current: x })),
  ];
  return (
    <form method="post" action={action} hx-post={action} hx-target="#variants" hx-swap="outerHTML" class={`option-form${o ? '' : ' new'}`}>
      <Csrf token={props.csrfToken} />
      <fieldset disabled={!props.canWrite}>
        <legend class="sr-only">{o ? `Option ${o.name}` : 'New option'}</legend>
        <Field
          name="name"
          prefix={prefix}
          label={o ? 'Option name' : 'New option name'}
          value={formText(props.failed?.key === key ? props.failed.values?.name : o?.name)}
          error={errors.name}
          maxlength={120}
          placeholder="Ubuntu 24.04"
        />
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
                        <input
                          id={`${prefix}-pn-${i}`}
                          name="pn[]"
                          value={sentAt(sent, 'pn', i) ?? r.priceName}
                          aria-describedby={`${prefix}-orphan-${i}`}
                          aria-invalid="true"
                        />
                        <p class="error" id={`${prefix}-orphan-${i}`}>
                          No package price is named "{r.priceName}" in {r.currency}: clients cannot buy this. Rename it to match, or clear
                          its amount to remove it.
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
                    <input
                      id={`${prefix}-pp-${i}`}
                      name="pp[]"
                      value={sentAt(sent, 'pp', i) ?? tidyAmount(r.current?.price)}
                      inputmode="decimal"
                      placeholder="not offered"
                      aria-invalid={errors[`prices.${i}.price`] ? 'true' : undefined}
                    />
                    {errors[`prices.${i}.price`] && <p class="error">{errors[`prices.${i}.price`]}</p>}
                  </td>
                  <td>
                    <label for={`${prefix}-ps-${i}`} class="sr-only">{`${r.priceName} (${r.currency}) setup fee`}</label>
                    <input
                      id={`${prefix}-ps-${i}`}
                      name="ps[]"
                      value={sentAt(sent, 'ps', i) ?? tidyAmount(r.current?.setupFee)}
                      inputmode="decimal"
                      placeholder="0.00"
                    />
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
            <button
              type="submit"
              formaction={`${action}/delete`}
              hx-post={`${action}/delete`}
              hx-confirm={`Remove the option "${o.name}"?`}
              class="small danger"
            >
              Remove option
            </button>
          )}
        </div>
      )}
    </form>
  );
}

/** This package's own prices for an option (over its group's, for this package only); a blank price means the group's. */
function OwnPricesForm(props: {
  pkg: PackageDetail;
  groupId: number;
  option: VariantOptionDetail;
  csrfToken: string | null;
  canWrite: boolean;
  failed?: VariantsProps['failed'];
}) {
  const o = props.option;
  const key = `own-${o.id}`;
  const errors = props.failed?.key === key ? props.failed.errors : {};
  const sent = sentBy(props.failed, key);
  const own = props.pkg.optionPriceOverrides.filter((x) => x.optionId === o.id);
  const rows = props.pkg.prices
    .filter((p) => p.type !== 'free')
    .map((p) => ({
      priceName: p.name,
      currency: p.currency,
      current: own.find((x) => x.priceName === p.name && x.currency === p.currency),
    }));
  if (!rows.length) return null;
  const action = `/admin/packages/${props.pkg.id}/variants/${props.groupId}/options/${o.id}/own-prices`;
  const prefix = `own${o.id}`;
  return (
    <details class="group-settings own-prices" open={own.length > 0 || Object.keys(errors).length > 0 || undefined}>
      <summary>
        {own.length ? `${o.name}: this package’s own prices (${own.length})` : `${o.name}: give this package its own prices`}
      </summary>
      <form method="post" action={action} hx-post={action} hx-target="#variants" hx-swap="outerHTML">
        <Csrf token={props.csrfToken} />
        <fieldset disabled={!props.canWrite}>
          <legend class="sr-only">{`${o.name}: prices for this package only`}</legend>
          {(errors.prices ?? errors._) && (
            <p class="error" role="alert">
              {errors.prices ?? errors._}
            </p>
          )}
          <table class="table compact">
            <caption class="sr-only">{`${o.name}: prices for this package only`}</caption>
            <thead>
              <tr>
                <th scope="col">Package price</th>
                <th scope="col">Own price</th>
                <th scope="col">Own setup fee</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r, i) => (
                <tr>
                  <td>
                    {r.priceName} ({r.currency})
                    <input type="hidden" name="pn[]" value={r.priceName} />
                    <input type="hidden" name="pc[]" value={r.currency} />
                  </td>
                  <td>
                    <label for={`${prefix}-pp-${i}`} class="sr-only">{`${o.name}: own ${r.priceName} (${r.currency}) price`}</label>
                    <input
                      id={`${prefix}-pp-${i}`}
                      name="pp[]"
                      value={sentAt(sent, 'pp', i) ?? tidyAmount(r.current?.price)}
                      inputmode="decimal"
                      placeholder="the group’s"
                      aria-invalid={errors[`prices.${i}.price`] ? 'true' : undefined}
                    />
                    {errors[`prices.${i}.price`] && <p class="error">{errors[`prices.${i}.price`]}</p>}
                  </td>
                  <td>
                    <label for={`${prefix}-ps-${i}`} class="sr-only">{`${o.name}: own ${r.priceName} (${r.currency}) setup fee`}</label>
                    <input
                      id={`${prefix}-ps-${i}`}
                      name="ps[]"
                      value={sentAt(sent, 'ps', i) ?? tidyAmount(r.current?.setupFee)}
                      inputmode="decimal"
                      placeholder="0.00"
                    />
                    {errors[`prices.${i}.setupFee`] && <p class="error">{errors[`prices.${i}.setupFee`]}</p>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </fieldset>
        {props.canWrite && <button type="submit">Save own prices</button>}
      </form>
    </details>
  );
}

export function VariantGroups(props: VariantsProps) {
  const base = `/admin/packages/${props.pkg.id}/variants`;
  const groupErr = (key: string) => (props.failed?.key === key ? props.failed.errors : {});
  // NOTE: a shared group's prices for names this package lacks may be another package's, so only groups it alone uses count.
  const own = props.pkg.variantGroups.filter((g) => othersOf(props, g.id).length === 0);
  const orphanCount = own
    .flatMap((g) => g.options)
    .reduce(
      (n, o) =>
        n +
        orphanVariantPrices(
          o.groupPrices ?? o.prices,
          props.pkg.prices.map((p) => ({ name: p.name, currency: p.currency })),
        ).length,
      0,
    );
  return (
    <div id="variants">
      {orphanCount > 0 && (
        <div class="notice error" role="alert">
          {orphanCount} variant price{orphanCount === 1 ? '' : 's'} match{orphanCount === 1 ? 'es' : ''} no package price by name and
          currency. Clients cannot buy {orphanCount === 1 ? 'it' : 'them'} until renamed.
        </div>
      )}
      {props.pkg.prices.length === 0 && <div class="notice warn">Add package prices first: option prices are set per package price.</div>}
      <PriceGaps pkg={props.pkg} />
      {props.pkg.variantGroups.map((g) => (
        <section class="variant-group" id={`group-${g.id}`}>
          <form
            method="post"
            action={`${base}/${g.id}`}
            hx-post={`${base}/${g.id}`}
            hx-target="#variants"
            hx-swap="outerHTML"
            class="group-head-form"
          >
            <Csrf token={props.csrfToken} />
            <div class="group-head">
              <Field
                name="name"
                prefix={`g${g.id}`}
                label="Group name"
                value={formText((sentBy(props.failed, `group-${g.id}`) ?? g).name)}
                error={groupErr(`group-${g.id}`).name}
                maxlength={120}
                disabled={!props.canWrite}
              />
              {props.canWrite && (
                <>
                  <button type="submit">Save group</button>
                  <button
                    type="submit"
                    formaction={`${base}/${g.id}/delete`}
                    hx-post={`${base}/${g.id}/delete`}
                    hx-confirm={
                      othersOf(props, g.id).length
                        ? `Stop using the group "${g.name}" on this package? Other packages keep it.`
                        : `Remove the group "${g.name}" and its options?`
                    }
                    class="small danger"
                  >
                    {othersOf(props, g.id).length ? 'Stop using' : 'Remove group'}
                  </button>
                </>
              )}
            </div>
            <GroupSettings
              group={g}
              prefix={`g${g.id}`}
              errors={groupErr(`group-${g.id}`)}
              disabled={!props.canWrite}
              sent={sentBy(props.failed, `group-${g.id}`)}
            />
          </form>
          {othersOf(props, g.id).length > 0 && (
            <p class="muted small">
              Shared with{' '}
              {othersOf(props, g.id)
                .map((p) => p.name)
                .join(', ')}
              : changes here change it there too.
            </p>
          )}
          {g.options.map((o) => (
            <>
              <OptionForm
                pkg={props.pkg}
                groupId={g.id}
                option={o}
                csrfToken={props.csrfToken}
                canWrite={props.canWrite}
                failed={props.failed}
              />
              {g.type !== 'text' && (
                <OwnPricesForm
                  pkg={props.pkg}
                  groupId={g.id}
                  option={o}
                  csrfToken={props.csrfToken}
                  canWrite={props.canWrite}
                  failed={props.failed}
                />
              )}
            </>
          ))}
          {/* A quantity, yes/no or text group has one option: no second to add. */}
          {props.canWrite && (g.type === 'choice' || g.options.length === 0) && (
            <OptionForm pkg={props.pkg} groupId={g.id} csrfToken={props.csrfToken} canWrite failed={props.failed} />
          )}
        </section>
      ))}
      <AttachGroups {...props} />
      {props.canWrite && (
        <form method="post" action={base} hx-post={base} hx-target="#variants" hx-swap="outerHTML" class="card inset">
          <Csrf token={props.csrfToken} />
          <Field
            name="name"
            prefix="gnew"
            label="New option group"
            placeholder="Operating system"
            value={formText(props.failed?.key === 'group-new' ? props.failed.values?.name : '')}
            error={groupErr('group-new').name}
            maxlength={120}
          />
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
      <p class="lead">
        Configurable options clients choose when ordering (e.g. an operating system). Option groups are shared between packages; each
        option's price is set per package price name and currency, so one group fits every package with those prices.
      </p>
      <VariantGroups {...props} csrfToken={props.csrfToken ?? null} />
    </PackageShell>
  );
}
