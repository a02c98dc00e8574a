import type { AuditList, AuditRow } from '../../../src/modules/audit/list-audit-entries.ts';
import { adminPathOf } from '../../../src/modules/audit/rules/audited-tables.ts';
import { AdminLayout, type PageProps } from '../../layouts/admin.tsx';
import { Field, FormErrors, Select, type Errors } from '../../components/form.tsx';
import { FilterForm, listHref } from '../../components/staff-list.tsx';
import { Pager } from '../../components/pager.tsx';

export type AuditListProps = AuditList & { errors?: Errors };

const ACTORS: Record<string, string> = { staff: 'Staff', api: 'API token', client: 'Client' };

/** A stored timestamp as PostgreSQL's JSON gives it ("2026-12-07T10:30:56.898+00:00"). */
const TIMESTAMP = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})(?:\.\d+)?(?:Z|\+00:00)$/;

/** A value as the change shows it: short, whatever its type; a moment in UTC to the second, yes/no for a flag. */
function shown(v: unknown): string {
  if (v === null || v === undefined) return '—';
  const s = typeof v === 'object' ? words(v) : scalar(v);
  return s.length > 120 ? `${s.slice(0, 117)}…` : s;
}

function scalar(v: unknown): string {
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  if (typeof v === 'string') return v.replace(TIMESTAMP, '$1 $2 UTC');
  if (typeof v === 'number' || typeof v === 'bigint') return String(v);
  return JSON.stringify(v) ?? '—';
}

/**
 * A stored record or list (an invoice's buyer, a set of ids) in words: "Name: Dana Demo, Country:
 * DE", its empty fields left out; "3, 5, 8". Deeper levels stay as stored.
 */
function words(v: object): string {
  if (Array.isArray(v)) return v.length ? v.map(scalar).join(', ') : '—';
  const fields = Object.entries(v).filter(([, x]) => x !== null && x !== undefined && x !== '');
  return fields.length ? fields.map(([k, x]) => `${columnLabel(k)}: ${scalar(x)}`).join(', ') : '—';
}

/** A column (or a stored field) as staff read it: "cancel_reason" → "Cancel reason", "vatId" → "Vat id". */
const columnLabel = (k: string) => {
  const spaced = k.replace(/([a-z])([A-Z])/g, '$1 $2').replaceAll('_', ' ');
  return spaced.charAt(0).toUpperCase() + spaced.slice(1).toLowerCase();
};

/** What changed: one line per column, before → after (an insert shows what it was made with). */
export function AuditChanges(props: { entry: Pick<AuditRow, 'action' | 'before' | 'after'> }) {
  const { before, after } = props.entry;
  const keys = [...new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])].filter(
    (k) => !['created_at', 'updated_at'].includes(k),
  );
  if (!keys.length) return <span class="muted">—</span>;
  return (
    <dl class="changes">
      {keys.map((k) => (
        <div>
          <dt title={k}>{columnLabel(k)}</dt>
          <dd>
            {before && k in before && <del>{shown(before[k])}</del>}
            {before && after && k in before && k in after && ' → '}
            {after && k in after && <ins>{shown(after[k])}</ins>}
          </dd>
        </div>
      ))}
    </dl>
  );
}

function Who(props: { entry: AuditRow }) {
  const e = props.entry;
  return (
    <>
      {e.actorType === 'staff' || e.actorType === 'api' ? (
        <a href={`/admin/audit?actor=${encodeURIComponent(e.actorEmail ?? '')}`}>{e.actorEmail ?? '—'}</a>
      ) : e.actorId ? (
        <a href={`/admin/clients/${e.actorId}`}>{e.actorEmail ?? '—'}</a>
      ) : (
        (e.actorEmail ?? '—')
      )}
      <div class="muted small">{ACTORS[e.actorType] ?? e.actorType}</div>
    </>
  );
}

function What(props: { entry: AuditRow }) {
  const e = props.entry;
  const path = adminPathOf(e.objectType, e.objectId);
  const label = `${e.objectType}${e.objectId ? ` #${e.objectId}` : ''}`;
  return (
    <>
      {path ? <a href={path}>{label}</a> : label}
      <div>
        <a class="small" href={`/admin/audit?object=${e.objectType}${e.objectId ? `&objectId=${encodeURIComponent(e.objectId)}` : ''}`}>
          history
        </a>
      </div>
    </>
  );
}

/** The entries as a table: the trail's page and an object's history card share it. */
export function AuditTable(props: { items: readonly AuditRow[]; caption: string; showObject?: boolean }) {
  return (
    <table class="table audit">
      <caption class="sr-only">{props.caption}</caption>
      <thead>
        <tr>
          <th scope="col">When</th>
          <th scope="col">Who</th>
          <th scope="col">From</th>
          <th scope="col">Action</th>
          {props.showObject !== false && <th scope="col">Record</th>}
          <th scope="col">Changes</th>
        </tr>
      </thead>
      <tbody>
        {props.items.map((e) => (
          <tr>
            <td class="nowrap">
              {e.at.slice(0, 10)}
              <div class="muted small">{e.at.slice(11, 19)} UTC</div>
            </td>
            <td>
              <Who entry={e} />
            </td>
            <td class="small">
              {e.ip ?? '—'}
              {e.userAgent && <div class="muted small">{e.userAgent.slice(0, 60)}</div>}
            </td>
            <td>
              <span class="badge">{e.action}</span>
            </td>
            {props.showObject !== false && (
              <td>
                <What entry={e} />
              </td>
            )}
            <td>
              <AuditChanges entry={e} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function AuditResults(props: AuditListProps) {
  const total = props.total > 10_000 ? 'More than 10,000 entries' : `${props.total} ${props.total === 1 ? 'entry' : 'entries'}`;
  return (
    <div id="audit-results" class="list-results">
      <FormErrors errors={props.errors} />
      <p class="muted" aria-live="polite">
        {total}
      </p>
      {props.items.length ? <AuditTable items={props.items} caption="Audit trail" /> : <p class="empty">No entries match.</p>}
      <Pager
        page={props.page}
        pages={Math.min(props.pages, 400)}
        href={(page) => listHref('/admin/audit', props.query, page)}
        target="audit-results"
      />
    </div>
  );
}

export function AuditPage(props: PageProps & AuditListProps) {
  const q = props.query;
  const e = props.errors ?? {};
  return (
    <AdminLayout {...props} title="Audit trail" active="audit">
      <h1>Audit trail</h1>
      <p class="lead">
        Every change staff and API tokens made, and client sign-ins and password changes: who, when, from where, and what it was before and
        after.
      </p>
      <FilterForm
        action="/admin/audit"
        target="audit-results"
        label="Filter the audit trail"
        placeholder="Email, address or request id"
        query={q}
        errors={e}
      >
        <Select
          name="object"
          label="Record"
          value={q.object}
          blank="Any"
          options={props.objectTypes.map((t) => [t, t] as const)}
          error={e.object}
        />
        <Field name="objectId" label="Record id" value={q.objectId} error={e.objectId} />
        <Field name="actor" label="Who (email)" value={q.actor} error={e.actor} />
        <Select name="actorType" label="Made by" value={q.actorType} blank="Anyone" options={Object.entries(ACTORS)} error={e.actorType} />
      </FilterForm>
      <AuditResults {...props} />
    </AdminLayout>
  );
}
