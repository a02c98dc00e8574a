import { t } from '../../src/i18n/locale.ts';
// A service's configurable options as a row of its facts list ("Operating system: Windows Server
// 2025"), on the client's and the staff's service pages alike; nothing when it has none.

export function ServiceOptionsFact(props: { options: readonly string[] }) {
  if (!props.options.length) return null;
  return (
    <>
      <dt>{t('common:service.options')}</dt>
      <dd>
        <ul class="plain">
          {props.options.map((o) => (
            <li>{o}</li>
          ))}
        </ul>
      </dd>
    </>
  );
}
