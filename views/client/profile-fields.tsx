import type { ProfileChoices } from '../../src/modules/clients/list-profile-choices.ts';
import { countryOptions } from '../../src/modules/settings/rules/countries.ts';
import type { Child } from 'hono/jsx';
import { Field, Select, TextArea, type Errors } from '../components/form.tsx';

export interface ProfileValues {
  name?: string | null;
  email?: string | null;
  country?: string | null;
  currency?: string | null;
  language?: string | null;
  company?: string | null;
  address?: string | null;
  vatId?: string | null;
}

export const PROFILE_FIELDS = ['name', 'email', 'country', 'currency', 'language', 'company', 'address', 'vatId'] as const;

const str = (v: unknown) => (typeof v === 'string' ? v : undefined);

/** Name, email, country, currency, language and billing details: the same controls for clients and staff. `children` join the first row. */
export function ProfileFields(props: { values?: ProfileValues | Record<string, unknown>; errors?: Errors; choices: ProfileChoices; emailHint?: string; children?: Child }) {
  const v = (props.values ?? {}) as Record<string, unknown>;
  const e = props.errors ?? {};
  const label = (code: string, name: string) => (name && name !== code ? `${code} · ${name}` : code);
  return (
    <>
      <div class="row">
        <Field name="name" label="Name" value={str(v.name)} error={e.name} required maxlength={120} autocomplete="name" />
        <Field name="email" label="Email" type="email" value={str(v.email)} error={e.email} hint={props.emailHint} required maxlength={254} autocomplete="email" />
        {props.children}
      </div>
      <div class="row">
        <Select name="country" label="Country" value={str(v.country)} error={e.country} blank="Choose a country" options={countryOptions()} hint="Used for tax." extra={{ autocomplete: 'country', required: '' }} />
        <Select name="currency" label="Currency" value={str(v.currency)} error={e.currency} options={props.choices.currencies.map((c) => [c.code, label(c.code, c.name)] as const)} />
        <Select name="language" label="Language" value={str(v.language)} error={e.language} options={props.choices.languages.map((l) => [l.code, label(l.code, l.name)] as const)} />
      </div>
      <fieldset class="billing-details">
        <legend>Billing details (optional)</legend>
        <p class="muted small">Printed on your invoices. A business in another EU country with a valid VAT ID is invoiced without VAT (reverse charge).</p>
        <div class="row">
          <Field name="company" label="Company" value={str(v.company)} error={e.company} maxlength={120} autocomplete="organization" />
          <Field name="vatId" label="VAT ID" value={str(v.vatId)} error={e.vatId} maxlength={30} placeholder="DE123456789" hint="With or without the country prefix." />
        </div>
        <TextArea name="address" label="Address" value={str(v.address)} error={e.address} rows={3} hint="Street, postcode and city, as they should print." extra={{ autocomplete: 'street-address', maxlength: '300' }} />
      </fieldset>
    </>
  );
}
