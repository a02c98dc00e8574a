import type { DocumentFormats } from '../../../src/modules/invoicing/document-formats.ts';
import type { BillingSettings } from '../../../src/modules/settings/settings.schemas.ts';
import type { SellerDetails } from '../../../src/modules/settings/seller-details.ts';
import { AdminLayout, type PageProps } from '../../layouts/admin.tsx';
import { Checkbox, Csrf, Field, FormErrors, Select, TextArea, type Errors } from '../../components/form.tsx';
import { formText } from '../../components/form-text.ts';
import { countryOptions } from '../../../src/modules/settings/rules/countries.ts';
import { MAX_FORMAT_LENGTH } from '../../../src/modules/invoicing/rules/document-number.ts';

export interface SettingsProps {
  currencies: { code: string; name: string; minorUnits: number; rate: string; isDefault: boolean }[];
  languages: { code: string; name: string; isDefault: boolean }[];
  taxRates: { country: string; name: string; rate: string }[];
  billing: BillingSettings;
  /** How credit notes are numbered: {YYYY} the year, {0000} the counter. */
  formats: DocumentFormats;
  hasLogo: boolean;
  /** Printed on every invoice and credit note. */
  seller: SellerDetails;
  canWrite: boolean;
  /** Which form failed: currency, language, tax, billing, or a removal. */
  failed?: { form: string; errors: Errors; values: Record<string, unknown> };
  saved?: string;
}

const str = formText;

function RemoveButton(props: { action: string; label: string; csrfToken: string | null; disabled?: boolean }) {
  return (
    <form method="post" action={props.action} class="inline" hx-boost="true" hx-confirm={`${props.label}?`}>
      <Csrf token={props.csrfToken} />
      <button type="submit" class="small danger" disabled={props.disabled} aria-label={props.label}>
        Remove
      </button>
    </form>
  );
}

export function SettingsPage(props: PageProps & SettingsProps) {
  const f = (form: string) => (props.failed?.form === form ? props.failed : undefined);
  const cur = f('currency');
  const lang = f('language');
  const tax = f('tax');
  const bill = f('billing');
  const docs = f('documents');
  const sell = f('seller');
  const logo = f('logo');
  const sv = (sell?.values ?? props.seller) as Record<string, unknown>;
  const token = props.csrfToken ?? null;
  const b = (bill?.values ?? props.billing) as Record<string, unknown>;
  return (
    <AdminLayout {...props} title="Settings" active="settings" flash={props.saved ? `${props.saved} saved.` : undefined}>
      <h1>Settings</h1>
      <p>
        <a href="/admin/settings/emails">Emails</a>: the billing emails clients get, their wording per language and the reminder days.
      </p>
      <FormErrors errors={f('remove')?.errors} />
      <div class="settings-grid" hx-boost="true">
        <section class="card" id="currencies">
          <h2>Currencies</h2>
          <p class="hint">The rate is how many units of a currency one unit of the default currency buys.</p>
          <table class="table compact">
            <caption class="sr-only">Currencies</caption>
            <thead>
              <tr>
                <th scope="col">Code</th>
                <th scope="col">Name</th>
                <th scope="col">Decimals</th>
                <th scope="col">Rate</th>
                <th scope="col"></th>
              </tr>
            </thead>
            <tbody>
              {props.currencies.map((c) => (
                <tr>
                  <td>
                    <strong>{c.code}</strong> {c.isDefault && <span class="badge ok">default</span>}
                  </td>
                  <td>{c.name}</td>
                  <td>{c.minorUnits}</td>
                  <td>{c.rate.replace(/\.?0+$/, '')}</td>
                  <td>
                    {props.canWrite && !c.isDefault && (
                      <RemoveButton action={`/admin/settings/currencies/${c.code}/delete`} label={`Remove ${c.code}`} csrfToken={token} />
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {props.canWrite && (
            <form method="post" action="/admin/settings/currencies" class="stack">
              <h3>Add or update a currency</h3>
              <Csrf token={token} />
              <FormErrors errors={cur?.errors} known={['code', 'name', 'minorUnits', 'rate', 'isDefault']} />
              <div class="row">
                <Field
                  name="code"
                  prefix="cur"
                  label="Code"
                  value={str(cur?.values.code)}
                  error={cur?.errors.code}
                  maxlength={3}
                  placeholder="EUR"
                />
                <Field
                  name="name"
                  prefix="cur"
                  label="Name"
                  value={str(cur?.values.name)}
                  error={cur?.errors.name}
                  maxlength={60}
                  placeholder="Euro"
                />
                <Field
                  name="minorUnits"
                  prefix="cur"
                  label="Decimals"
                  type="number"
                  min={0}
                  max={4}
                  value={str(cur?.values.minorUnits ?? 2)}
                  error={cur?.errors.minorUnits}
                  hint="Fixed once an invoice or credit is in this currency."
                />
                <Field
                  name="rate"
                  prefix="cur"
                  label="Rate"
                  value={str(cur?.values.rate)}
                  error={cur?.errors.rate}
                  inputmode="decimal"
                  placeholder="0.92"
                />
              </div>
              <Checkbox
                name="isDefault"
                prefix="cur"
                label="Default currency"
                checked={cur?.values.isDefault === '1'}
                error={cur?.errors.isDefault}
              />
              <div>
                <button type="submit">Save currency</button>
              </div>
            </form>
          )}
        </section>

        <section class="card" id="languages">
          <h2>Languages</h2>
          <table class="table compact">
            <caption class="sr-only">Languages</caption>
            <tbody>
              {props.languages.map((l) => (
                <tr>
                  <td>
                    <code>{l.code}</code>
                  </td>
                  <td>
                    {l.name} {l.isDefault && <span class="badge ok">default</span>}
                  </td>
                  <td>
                    {props.canWrite && !l.isDefault && (
                      <RemoveButton action={`/admin/settings/languages/${l.code}/delete`} label={`Remove ${l.name}`} csrfToken={token} />
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {props.canWrite && (
            <form method="post" action="/admin/settings/languages" class="stack">
              <h3>Add or update a language</h3>
              <Csrf token={token} />
              <FormErrors errors={lang?.errors} known={['code', 'name', 'isDefault']} />
              <div class="row">
                <Field
                  name="code"
                  prefix="lang"
                  label="Code"
                  value={str(lang?.values.code)}
                  error={lang?.errors.code}
                  maxlength={10}
                  placeholder="de"
                />
                <Field
                  name="name"
                  prefix="lang"
                  label="Name"
                  value={str(lang?.values.name)}
                  error={lang?.errors.name}
                  maxlength={60}
                  placeholder="Deutsch"
                />
              </div>
              <Checkbox
                name="isDefault"
                prefix="lang"
                label="Default language"
                checked={lang?.values.isDefault === '1'}
                error={lang?.errors.isDefault}
              />
              <div>
                <button type="submit">Save language</button>
              </div>
            </form>
          )}
        </section>

        <section class="card" id="tax">
          <h2>Tax rates</h2>
          <p class="hint">Taxable packages are taxed at the client's country rate. Prices exclude tax.</p>
          <table class="table compact">
            <caption class="sr-only">Tax rates</caption>
            <tbody>
              {props.taxRates.map((t) => (
                <tr>
                  <td>
                    <code>{t.country}</code>
                  </td>
                  <td>{t.name}</td>
                  <td>{t.rate.replace(/\.?0+$/, '')}%</td>
                  <td>
                    {props.canWrite && (
                      <RemoveButton
                        action={`/admin/settings/tax-rates/${t.country}/delete`}
                        label={`Remove the ${t.country} rate`}
                        csrfToken={token}
                      />
                    )}
                  </td>
                </tr>
              ))}
              {props.taxRates.length === 0 && (
                <tr>
                  <td class="empty">No tax rates: nothing is taxed.</td>
                </tr>
              )}
            </tbody>
          </table>
          {props.canWrite && (
            <form method="post" action="/admin/settings/tax-rates" class="stack">
              <h3>Add or update a rate</h3>
              <Csrf token={token} />
              <FormErrors errors={tax?.errors} known={['country', 'name', 'rate']} />
              <div class="row">
                <Field
                  name="country"
                  prefix="tax"
                  label="Country"
                  value={str(tax?.values.country)}
                  error={tax?.errors.country}
                  maxlength={2}
                  placeholder="DE"
                />
                <Field
                  name="name"
                  prefix="tax"
                  label="Name"
                  value={str(tax?.values.name)}
                  error={tax?.errors.name}
                  maxlength={60}
                  placeholder="VAT"
                />
                <Field
                  name="rate"
                  prefix="tax"
                  label="Rate (%)"
                  value={str(tax?.values.rate)}
                  error={tax?.errors.rate}
                  inputmode="decimal"
                  placeholder="19"
                />
              </div>
              <div>
                <button type="submit">Save tax rate</button>
              </div>
            </form>
          )}
        </section>

        <section class="card" id="billing">
          <h2>Billing</h2>
          <form method="post" action="/admin/settings/billing" class="stack">
            <Csrf token={token} />
            <FormErrors
              errors={bill?.errors}
              known={['invoiceDaysBefore', 'suspendAfterDays', 'terminateAfterDays', 'reservationMinutes', 'groupRenewals']}
            />
            <fieldset disabled={!props.canWrite}>
              <Field
                name="invoiceDaysBefore"
                label="Invoice days before"
                type="number"
                min={0}
                max={90}
                value={str(b.invoiceDaysBefore)}
                error={bill?.errors.invoiceDaysBefore}
                hint="Renewal invoices are created this many days before the period starts."
              />
              <Field
                name="suspendAfterDays"
                label="Suspend after (days overdue)"
                type="number"
                min={0}
                value={str(b.suspendAfterDays)}
                error={bill?.errors.suspendAfterDays}
              />
              <Field
                name="terminateAfterDays"
                label="Terminate after (days overdue)"
                type="number"
                min={0}
                value={str(b.terminateAfterDays)}
                error={bill?.errors.terminateAfterDays}
              />
              <Field
                name="reservationMinutes"
                label="Stock reservation (minutes)"
                type="number"
                min={1}
                value={str(b.reservationMinutes)}
                error={bill?.errors.reservationMinutes}
                hint="How long an unpaid order holds its units."
              />
              <Checkbox
                name="groupRenewals"
                label="One invoice per client and due date"
                checked={bill ? ['on', '1', 'true'].includes(str(bill.values.groupRenewals)) : b.groupRenewals !== false}
                error={bill?.errors.groupRenewals}
                hint="A client's services renewing on the same day share one renewal invoice."
              />
            </fieldset>
            {props.canWrite && (
              <div>
                <button type="submit" class="primary">
                  Save billing settings
                </button>
              </div>
            )}
          </form>
        </section>

        <section class="card" id="seller">
          <h2>Seller details</h2>
          <p class="muted small">Printed at the top of every invoice and credit note; the name is also {'{company.name}'} in emails.</p>
          <form method="post" action="/admin/settings/seller" class="stack">
            <Csrf token={token} />
            <FormErrors
              errors={sell?.errors}
              known={['name', 'address', 'country', 'vatId', 'registrationNumber', 'email', 'bankDetails', 'footer']}
            />
            <fieldset disabled={!props.canWrite}>
              <Field name="name" id="seller-name" label="Legal name" value={str(sv.name)} error={sell?.errors.name} maxlength={120} />
              <TextArea
                name="address"
                id="seller-address"
                label="Address (optional)"
                value={str(sv.address)}
                error={sell?.errors.address}
                rows={3}
                hint="One line per line, as it should print."
              />
              <Select
                name="country"
                id="seller-country"
                label="Country"
                value={str(sv.country)}
                error={sell?.errors.country}
                blank="Choose a country"
                options={countryOptions()}
                hint="Decides EU VAT: a business with a VAT ID in another EU country is invoiced without VAT (reverse charge)."
              />
              <Field
                name="vatId"
                id="seller-vat"
                label="VAT ID (optional)"
                value={str(sv.vatId)}
                error={sell?.errors.vatId}
                maxlength={30}
                placeholder="DE123456789"
              />
              <Field
                name="registrationNumber"
                id="seller-reg"
                label="Registration number (optional)"
                value={str(sv.registrationNumber)}
                error={sell?.errors.registrationNumber}
                maxlength={60}
              />
              <Field
                name="email"
                id="seller-email"
                label="Billing email (optional)"
                value={str(sv.email)}
                error={sell?.errors.email}
                maxlength={254}
              />
              <TextArea
                name="bankDetails"
                id="seller-bank"
                label="Bank details (optional)"
                value={str(sv.bankDetails)}
                error={sell?.errors.bankDetails}
                rows={3}
                hint="Account holder, IBAN, BIC: printed on unpaid invoices for paying by transfer."
              />
              <TextArea
                name="footer"
                id="seller-footer"
                label="Footer (optional)"
                value={str(sv.footer)}
                error={sell?.errors.footer}
                rows={2}
                hint="At the foot of every page: payment terms, a line about the company."
              />
            </fieldset>
            {props.canWrite && (
              <div>
                <button type="submit" class="primary">
                  Save seller details
                </button>
              </div>
            )}
          </form>
          <form method="post" action="/admin/settings/logo" enctype="multipart/form-data" class="stack logo-form">
            <Csrf token={token} />
            <h3>Logo</h3>
            <div class="logo-preview">
              {props.hasLogo ? (
                <img src="/admin/settings/logo" alt="Your logo as documents print it" />
              ) : (
                <span class="muted">No logo: documents start with the legal name.</span>
              )}
            </div>
            {props.canWrite && (
              <>
                <div class={`field${logo?.errors.logo ? ' has-error' : ''}`}>
                  <label for="f-logo">Logo (PNG or JPEG, up to 256 KB)</label>
                  <input
                    id="f-logo"
                    type="file"
                    name="logo"
                    accept="image/png,image/jpeg"
                    aria-invalid={logo?.errors.logo ? 'true' : undefined}
                    aria-describedby={logo?.errors.logo ? 'f-logo-error' : 'f-logo-hint'}
                  />
                  {logo?.errors.logo ? (
                    <p class="error" id="f-logo-error" role="alert">
                      {logo.errors.logo}
                    </p>
                  ) : (
                    <p class="hint" id="f-logo-hint">
                      Printed above the legal name on invoices and credit notes, scaled to fit 170 × 48 points.
                    </p>
                  )}
                </div>
                <div class="row-actions">
                  <button type="submit">Upload logo</button>
                  {props.hasLogo && (
                    <button type="submit" name="remove" value="1" class="link">
                      Remove logo
                    </button>
                  )}
                </div>
              </>
            )}
          </form>
        </section>

        <section class="card" id="documents">
          <h2>Document numbers</h2>
          <form method="post" action="/admin/settings/documents" class="stack">
            <Csrf token={token} />
            <FormErrors errors={docs?.errors} known={['invoiceFormat', 'creditNoteFormat']} />
            <fieldset disabled={!props.canWrite}>
              <Field
                name="invoiceFormat"
                label="Invoice numbers"
                value={str(docs?.values.invoiceFormat ?? props.formats.invoice)}
                error={docs?.errors.invoiceFormat}
                maxlength={MAX_FORMAT_LENGTH}
                hint="Given when an invoice is issued, with no gaps: INV-{YYYY}-{0000} gives INV-2026-0001. A new format goes on from the next number."
              />
              <Field
                name="creditNoteFormat"
                label="Credit note numbers"
                value={str(docs?.values.creditNoteFormat ?? props.formats.credit_note)}
                error={docs?.errors.creditNoteFormat}
                maxlength={MAX_FORMAT_LENGTH}
                hint="{YYYY} is the year (the counter starts again each year), {0000} the counter with as many digits as zeros: CN-{YYYY}-{0000} gives CN-2026-0001."
              />
            </fieldset>
            {props.canWrite && (
              <div>
                <button type="submit" class="primary">
                  Save document numbers
                </button>
              </div>
            )}
          </form>
        </section>
      </div>
    </AdminLayout>
  );
}
