import type { ServiceStatus } from '../../src/modules/shared/statuses.ts';
import { t } from '../../src/i18n/locale.ts';

const TONE: Partial<Record<ServiceStatus, string>> = { active: 'ok', pending: 'warn', suspended: 'warn' };

/** A service's status as the client area shows it, on its page and on the dashboard. */
export function ServiceStatusBadge(props: { status: ServiceStatus }) {
  return <span class={`badge ${TONE[props.status] ?? 'muted'}`}>{t(`common:status.service.${props.status}`)}</span>;
}
