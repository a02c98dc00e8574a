import type { ProfileChoices } from '../../src/modules/clients/list-profile-choices.ts';
import { countryOptions } from '../../src/modules/settings/rules/countries.ts';
import type { Child } from 'hono/jsx';
import { Field, Select, TextArea, type Errors } from '../components/form.tsx';
import { currentLanguage, t } from '../../src/i18n/locale.ts';
import type { UiLanguage } from '../../src/i18n/i18n.ts';

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

const countriesIn = new Map<UiLanguage, readonly (readonly [string, string])[]>();

/** The country list named and sorted in the page's language ("Deutschland" among the Ds). */
function countries(): readonly (readonly [string, string])[] {
  const language = currentLanguage();
  if (language === 'en') return countryOptions();
  let list = countriesIn.get(language);
  if (!list) {
    const names = new Intl.DisplayNames([language], { type: 'region', fallback: 'code' });
    list = countryOptions()
      .map(([code]) => [code, names.of(code) ?? code] as const)
      .sort((a, b) => a[1].localeCompare(b[1], language));
    countriesIn.set(language, list);
  }
  return list;
}

/** Name, email, country, currency, language and billing details: the same controls for clients and staff. `children` join the first row. */
export function ProfileFields(props: {
  values?: ProfileValues | Record<string, unknown>;
  /** On a staff page: the notes speak of the client, not to them. */
  staff?: boolean;
  errors?: Errors;
  choices: ProfileChoices;
  emailHint?: string;
  children?: Child;
}) {
  const v = (props.values ?? {}) as Record<string, unknown>;
  const e = props.errors ?? {};
  const label = (code: string, name: string) => (name && name !== code ? `${code} · ${name}` : code);
  return (
    <>
      <div class="row">
        <Field
          name="name"
          label={t('client:fields.name')}
          value={str(v.name)}
          error={e.name}
          required
          maxlength={120}
          autocomplete="name"
        />
        <Field
          name="email"
          label={t('client:fields.email')}
          type="email"
          value={str(v.email)}
          error={e.email}
          hint={props.emailHint}
          required
          maxlength={254}
          autocomplete="email"
        />
        {props.children}
      </div>
      <div class="row">
        <Select
          name="country"
          label={t('client:fields.country')}
          value={str(v.country)}
          error={e.country}
          blank={t('client:fields.countryBlank')}
          options={countries()}
          hint={t('client:fields.countryHint')}
          extra={{ autocomplete: 'country', required: '' }}
        />
        <Select
          name="currency"
          label={t('client:fields.currency')}
          value={str(v.currency)}
          error={e.currency}
          options={props.choices.currencies.map((c) => [c.code, label(c.code, c.name)] as const)}
        />
        <Select
          name="language"
          label={t('client:fields.language')}
          value={str(v.language)}
          error={e.language}
          options={props.choices.languages.map((l) => [l.code, label(l.code, l.name)] as const)}
        />
      </div>
      <fieldset class="billing-details">
        <legend>{t('client:fields.billing.legend')}</legend>
        <p class="muted small">{t(props.staff ? 'client:fields.billing.noteStaff' : 'client:fields.billing.note')}</p>
        <div class="row">
          <Field
            name="company"
            label={t('client:fields.company')}
            value={str(v.company)}
            error={e.company}
            maxlength={120}
            autocomplete="organization"
          />
          <Field
            name="vatId"
            label={t('client:fields.vatId')}
            value={str(v.vatId)}
            error={e.vatId}
            maxlength={30}
            placeholder="DE123456789"
            hint={t('client:fields.vatIdHint')}
          />
        </div>
        <TextArea
          name="address"
          label={t('client:fields.address')}
          value={str(v.address)}
          error={e.address}
          rows={3}
          hint={t('client:fields.addressHint')}
          extra={{ autocomplete: 'street-address', maxlength: '300' }}
        />
      </fieldset>
    </>
  );
}
