import type { PackageDetail } from '../../../src/modules/catalog/serialize-package.ts';
import type { PageProps } from '../../layouts/admin.tsx';
import { Csrf, Field, FormErrors, type Errors } from '../../components/form.tsx';
import { RichTextArea } from '../../components/rich-text.tsx';
import { PackageShell } from './shell.tsx';

export function TranslationsPage(
  props: PageProps & {
    pkg: PackageDetail;
    languages: { code: string; name: string; isDefault: boolean }[];
    failed?: { language: string; errors: Errors; values: Record<string, string> };
    canWrite: boolean;
    saved?: string;
  },
) {
  const others = props.languages.filter((l) => !l.isDefault);
  const def = props.languages.find((l) => l.isDefault);
  const action = `/admin/packages/${props.pkg.id}/translations`;
  return (
    <PackageShell {...props} tab="translations">
      <p class="lead">
        The Summary tab holds the {def ? def.name : 'default language'} name and description. Other languages fall back to them where left
        blank.
      </p>
      {others.length === 0 && (
        <div class="notice info">
          Only one language is set up. <a href="/admin/settings">Add languages</a> to translate this package.
        </div>
      )}
      {props.failed && !others.some((l) => l.code === props.failed!.language) && <FormErrors errors={props.failed.errors} />}
      {props.saved && (
        <div class="notice ok" role="status">
          {props.saved} saved.
        </div>
      )}
      {others.map((l) => {
        const t = props.pkg.translations.find((x) => x.language === l.code);
        const failed = props.failed?.language === l.code ? props.failed : undefined;
        const v = failed?.values ?? { name: t?.name ?? '', description: t?.description ?? '' };
        return (
          <form method="post" action={action} hx-boost="true" class="stack translation">
            <h2>{l.name}</h2>
            <Csrf token={props.csrfToken ?? null} />
            <input type="hidden" name="language" value={l.code} />
            <FormErrors errors={failed?.errors} known={['name', 'description']} />
            <fieldset disabled={!props.canWrite}>
              <Field
                name="name"
                prefix={`t-${l.code}`}
                label={`Name (${l.name})`}
                value={v.name}
                placeholder={props.pkg.name}
                error={failed?.errors.name}
                maxlength={160}
              />
              <RichTextArea
                name="description"
                prefix={`t-${l.code}`}
                label={`Description (${l.name})`}
                value={v.description}
                error={failed?.errors.description}
                rows={4}
              />
            </fieldset>
            {props.canWrite && <button type="submit">Save {l.name}</button>}
          </form>
        );
      })}
    </PackageShell>
  );
}
