import { Hono } from 'hono';
import { AuditPage, AuditResults } from '../../../views/admin/audit/index.tsx';
import { listAuditEntries } from '../../modules/audit/list-audit-entries.ts';
import { renderList } from './list-page.tsx';
import { attempt } from '../respond.ts';
import { loadObjectHistory } from '../../modules/audit/load-object-history.ts';
import { HistoryCardBody } from '../../../views/admin/audit/history-card.tsx';
import type { Env } from '../types.ts';

/** The audit trail: read only, for every staff role (nothing here changes or deletes an entry). */
export const auditRoutes = new Hono<Env>()
  .get('/', (c) =>
    renderList(c, (raw) => listAuditEntries(c.var.em, raw), {
      target: 'audit-results',
      results: (list) => <AuditResults {...list} />,
      page: (props) => <AuditPage {...props} />,
    }),
  )
  // A record's history card (views/admin/audit/history-card.tsx); junk is answered 422, never an error page.
  .get('/history', async (c) => {
    const object = c.req.query('object') ?? '';
    const objectId = c.req.query('objectId') ?? '';
    const result = await attempt(() => loadObjectHistory(c.var.em, object, objectId));
    if (!result.ok) return c.text(Object.values(result.errors)[0] ?? 'Choose a record.', 422);
    return c.html(<HistoryCardBody objectType={object} objectId={objectId} {...result.value} />);
  });
