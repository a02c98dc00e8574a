import type { AuditRow } from '../../../src/modules/audit/list-audit-entries.ts';
import { AuditTable } from './index.tsx';

const trailHref = (objectType: string, objectId: number | string) =>
  `/admin/audit?object=${objectType}&objectId=${encodeURIComponent(String(objectId))}`;

/**
 * A record's history on its own page: loaded by htmx when the page opens (the page itself stays
 * one query lighter); without JavaScript, a link to the trail filtered to it.
 */
export function HistoryCard(props: { objectType: string; objectId: number | string }) {
  const href = trailHref(props.objectType, props.objectId);
  return (
    <section
      class="card history"
      aria-labelledby={`history-${props.objectType}`}
      hx-get={`/admin/audit/history?object=${props.objectType}&objectId=${encodeURIComponent(String(props.objectId))}`}
      hx-trigger="load"
      hx-swap="innerHTML"
    >
      <h2 id={`history-${props.objectType}`}>Audit trail</h2>
      <p>
        <a href={href}>See who changed it or signed in, and when</a>
      </p>
    </section>
  );
}

/** What the card shows once loaded. */
export function HistoryCardBody(props: { objectType: string; objectId: number | string; items: readonly AuditRow[]; more: boolean }) {
  return (
    <>
      <h2 id={`history-${props.objectType}`}>Audit trail</h2>
      {props.items.length ? (
        <AuditTable items={props.items} caption="Latest changes" showObject={false} />
      ) : (
        <p class="muted">Nothing recorded yet.</p>
      )}
      {props.more && (
        <p>
          <a href={trailHref(props.objectType, props.objectId)}>All of its history</a>
        </p>
      )}
    </>
  );
}
