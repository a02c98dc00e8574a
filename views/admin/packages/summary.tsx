import { HistoryCard } from '../audit/history-card.tsx';
import { raw } from 'hono/html';
import type { PackageDetail } from '../../../src/modules/catalog/serialize-package.ts';
import { PACKAGE_STATUS_LABELS, PACKAGE_STATUSES } from '../../../src/modules/catalog/rules/constants.ts';
import { AdminLayout, type PageProps } from '../../layouts/admin.tsx';
import { Checkbox, isTicked, Csrf, Field, FormErrors, Notice, Select, type Errors } from '../../components/form.tsx';
import { formText } from '../../components/form-text.ts';
import { RichTextArea } from '../../components/rich-text.tsx';
import { PackageShell } from './shell.tsx';

type Values = Partial<Record<keyof PackageDetail, unknown>>;
const SUMMARY_FIELDS = [
  'catalogId',
  'name',
  'slug',
  'description',
  'stock',
  'perUserLimit',
  'allowCancellation',
  'allowQuantity',
  'status',
  'taxable',
  'useRenewalPricesForUpgrades',
  'proRata',
  'proRataDay',
  'proRataCutoffDay',
];

const str = formText;
const on = isTicked;

function SummaryForm(props: {
  action: string;
  csrfToken: string | null;
  values: Values;
  errors?: Errors;
  catalogs: { id: number; name: string }[];
  submit: string;
  disabled?: boolean;
  /** Units held now (services and live reservations), for an existing package. */
  held?: number;
}) {
  const v = props.values;
  const e = props.errors ?? {};
  const days = Array.from({ length: 28 }, (_, i) => [String(i + 1), String(i + 1)] as const);
  return (
    <form method="post" action={props.action} class="stack" hx-boost="true">
      <Csrf token={props.csrfToken} />
      <FormErrors errors={e} known={SUMMARY_FIELDS} />
      <fieldset disabled={props.disabled}>
        <legend>Basics</legend>
        <div class="row">
          <Select
            name="catalogId"
            label="Catalog"
            value={str(v.catalogId)}
            error={e.catalogId}
            blank="Choose a catalog"
            options={props.catalogs.map((c) => [String(c.id), c.name] as const)}
          />
          <Select
            name="status"
            label="Status"
            value={str(v.status) || 'visible'}
            error={e.status}
            options={PACKAGE_STATUSES.map((s) => [s, PACKAGE_STATUS_LABELS[s]] as const)}
          />
        </div>
        <div class="row">
          <Field
            name="name"
            label="Name"
            value={str(v.name)}
            error={e.name}
            required
            maxlength={160}
            extra={{ 'data-slug-source': 'f-slug' }}
          />
          <Field
            name="slug"
            label="Slug"
            value={str(v.slug)}
            error={e.slug}
            maxlength={80}
            hint="Used in the storefront URL. Left blank, it is made from the name."
            extra={{ 'data-slug': '', ...(v.slug ? { 'data-touched': '1' } : {}) }}
          />
        </div>
        <RichTextArea
          name="description"
          label="Description"
          value={str(v.description)}
          error={e.description}
          rows={6}
          hint="Allowed: paragraphs, headings, lists, links, emphasis, tables, images. Scripts and event handlers are removed on save."
        />
      </fieldset>
      <fieldset disabled={props.disabled}>
        <legend>Stock and limits</legend>
        <div class="row">
          <Field
            name="stock"
            label="Stock"
            type="number"
            value={str(v.stock ?? -1)}
            error={e.stock}
            min={-1}
            hint={`Units that can be held at once. -1 for unlimited.${props.held === undefined ? '' : ` ${props.held} held now.`}`}
          />
          <Field
            name="perUserLimit"
            label="Per user limit"
            type="number"
            value={str(v.perUserLimit ?? -1)}
            error={e.perUserLimit}
            min={-1}
            hint="Most one client may hold. -1 for no limit."
          />
        </div>
        <div class="row checks">
          <Checkbox name="allowQuantity" label="Allow quantity" checked={on(v.allowQuantity)} hint="Clients may order several at once." />
          <Checkbox
            name="allowCancellation"
            label="Allow cancellation"
            checked={v.allowCancellation === undefined ? true : on(v.allowCancellation)}
            hint="Clients may ask to cancel."
          />
          <Checkbox
            name="taxable"
            label="Taxable"
            checked={v.taxable === undefined ? true : on(v.taxable)}
            hint="Taxed at the client's country rate."
          />
          <Checkbox
            name="useRenewalPricesForUpgrades"
            label="Use renewal prices for upgrades"
            checked={on(v.useRenewalPricesForUpgrades)}
            hint="Upgrades to this package charge its renewal prices."
          />
        </div>
      </fieldset>
      <fieldset disabled={props.disabled}>
        <legend>Pro rata</legend>
        <Checkbox
          name="proRata"
          label="Enable pro rata"
          checked={on(v.proRata)}
          error={e.proRata}
          hint="New monthly and yearly services are charged up to the pro rata day, then renew on it."
        />
        <div class="row">
          <Select name="proRataDay" label="Pro rata day" value={str(v.proRataDay)} error={e.proRataDay} blank="—" options={days} />
          <Select
            name="proRataCutoffDay"
            label="Cutoff day"
            value={str(v.proRataCutoffDay)}
            error={e.proRataCutoffDay}
            blank="No cutoff"
            options={days}
            hint="Ordered after this day: the prorated part plus the next full term."
          />
        </div>
      </fieldset>
      {!props.disabled && (
        <div>
          <button type="submit" class="primary">
            {props.submit}
          </button>
        </div>
      )}
    </form>
  );
}

export function NewPackagePage(props: PageProps & { values: Values; errors?: Errors; catalogs: { id: number; name: string }[] }) {
  return (
    <AdminLayout {...props} title="New package" active="packages">
      <p class="crumbs">
        <a href="/admin/packages">Packages</a> /
      </p>
      <h1>New package</h1>
      {props.catalogs.length === 0 ? (
        <div class="notice warn">
          Every package belongs to a catalog. <a href="/admin/catalogs">Create a catalog</a> first.
        </div>
      ) : (
        <section class="card">
          <SummaryForm
            action="/admin/packages"
            csrfToken={props.csrfToken ?? null}
            values={props.values}
            errors={props.errors}
            catalogs={props.catalogs}
            submit="Create package"
          />
        </section>
      )}
    </AdminLayout>
  );
}

export function IconForm(props: { pkg: PackageDetail; csrfToken: string | null; error?: string; maxKb: number; canWrite: boolean }) {
  return (
    <div id="icon-form" class="icon-form">
      <div class="icon-preview">
        {props.pkg.iconUrl ? (
          <img src={props.pkg.iconUrl} alt={`${props.pkg.name} icon`} width={64} height={64} />
        ) : (
          <span class="muted">No icon</span>
        )}
      </div>
      {props.canWrite && (
        <form
          method="post"
          action={`/admin/packages/${props.pkg.id}/icon`}
          enctype="multipart/form-data"
          hx-post={`/admin/packages/${props.pkg.id}/icon`}
          hx-encoding="multipart/form-data"
          hx-target="#icon-form"
          hx-swap="outerHTML"
        >
          <Csrf token={props.csrfToken} />
          <div class={`field${props.error ? ' has-error' : ''}`}>
            <label for="f-icon">Icon (PNG, JPG or WebP, up to {props.maxKb} KB)</label>
            <input
              id="f-icon"
              type="file"
              name="icon"
              accept="image/png,image/jpeg,image/webp"
              aria-invalid={props.error ? 'true' : undefined}
              aria-describedby={props.error ? 'f-icon-error' : undefined}
            />
            {props.error && (
              <p class="error" id="f-icon-error" role="alert">
                {props.error}
              </p>
            )}
          </div>
          <button type="submit">Upload icon</button>{' '}
          {props.pkg.iconUrl && (
            <button type="submit" name="remove" value="1" class="link">
              Remove icon
            </button>
          )}
        </form>
      )}
    </div>
  );
}

export function PackageSummaryPage(
  props: PageProps & {
    pkg: PackageDetail;
    values?: Values;
    errors?: Errors;
    iconError?: string;
    catalogs: { id: number; name: string }[];
    canWrite: boolean;
    maxIconKb: number;
    held?: number;
  },
) {
  const stock = props.pkg.stock;
  return (
    <PackageShell {...props} tab="summary">
      {/* Lowering the stock never takes a unit away; it says what is left to end first. */}
      {props.held !== undefined && stock !== -1 && props.held > stock && (
        <Notice kind="warn">
          {props.held} units are held, more than the stock of {stock}: nothing more can be ordered until {props.held - stock} of them{' '}
          {props.held - stock === 1 ? 'ends' : 'end'}.
        </Notice>
      )}
      <IconForm
        pkg={props.pkg}
        csrfToken={props.csrfToken ?? null}
        error={props.iconError}
        maxKb={props.maxIconKb}
        canWrite={props.canWrite}
      />
      <SummaryForm
        action={`/admin/packages/${props.pkg.id}`}
        csrfToken={props.csrfToken ?? null}
        values={props.values ?? props.pkg}
        errors={props.errors}
        catalogs={props.catalogs}
        submit="Save summary"
        disabled={!props.canWrite}
        held={props.held}
      />
      {props.pkg.description && (
        <section>
          <h2>Description preview</h2>
          {/* NOTE: sanitized on save, and hx-disable stops htmx from acting on anything inside. */}
          <div class="description" hx-disable>
            {raw(props.pkg.description)}
          </div>
        </section>
      )}
      <HistoryCard objectType="package" objectId={props.pkg.id} />
    </PackageShell>
  );
}
