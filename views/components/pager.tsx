import { t } from '../../src/i18n/locale.ts';
export interface PagerProps {
  page: number;
  pages: number;
  /** The address of a page, filters kept. */
  href: (page: number) => string;
  /** The id of the results block: with it, the links swap only that block through htmx (and still work as plain links). */
  target?: string;
  label?: string;
  prev?: string;
  next?: string;
}

/** "← Previous · Page 2 of 5 · Next →" under a list; nothing when there is one page. */
export function Pager(props: PagerProps) {
  if (props.pages <= 1) return null;
  const link = (page: number, rel: 'prev' | 'next', text: string) => {
    const to = props.href(page);
    const swap = props.target
      ? { 'hx-get': to, 'hx-target': `#${props.target}`, 'hx-select': `#${props.target}`, 'hx-swap': 'outerHTML', 'hx-push-url': 'true' }
      : {};
    return (
      <a href={to} rel={rel} {...swap}>
        {text}
      </a>
    );
  };
  return (
    <nav class="pager" aria-label={props.label ?? t('common:pager.label')}>
      {props.page > 1 && link(props.page - 1, 'prev', props.prev ?? t('common:pager.previous'))}
      <span>{t('common:pager.position', { page: props.page, pages: props.pages })}</span>
      {props.page < props.pages && link(props.page + 1, 'next', props.next ?? t('common:pager.next'))}
    </nav>
  );
}
