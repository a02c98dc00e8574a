import type { TagInfo } from '../../../src/modules/mail/rules/template-tags.ts';
import { AdminLayout, type PageProps } from '../../layouts/admin.tsx';
import { Csrf, Field, FormErrors, type Errors } from '../../components/form.tsx';

export interface EmailEventRow {
  event: string;
  label: string;
  when: string;
  tags: readonly TagInfo[];
  on: boolean;
  /** The languages staff worded it in; the others send the built-in wording. */
  worded: string[];
}

export interface EmailSettingsProps {
  events: EmailEventRow[];
  languages: { code: string; name: string; isDefault: boolean }[];
  /** As typed ("1, 7, 14"), so a mistake comes back as it was typed. */
  reminderDays: string;
  overdueDays: string;
  canWrite: boolean;
  errors?: Errors;
  saved?: boolean;
}

/** Settings › Emails: the billing messages clients get, each switched on or off and worded per language. */
export function EmailSettingsPage(props: PageProps & EmailSettingsProps) {
  const e = props.errors ?? {};
  return (
    <AdminLayout {...props} title="Emails" active="settings" flash={props.saved ? 'Email settings saved.' : undefined}>
      <p class="crumbs">
        <a href="/admin/settings">Settings</a> ›
      </p>
      <h1>Emails</h1>
      <p class="hint">
        The billing emails clients get, each once per event. Untick one to stop sending it. Edit the wording per language; a language you
        have not worded sends the built-in text.
      </p>
      <form method="post" action="/admin/settings/emails" hx-boost="true" class="stack" id="email-settings">
        <Csrf token={props.csrfToken ?? null} />
        <FormErrors errors={e} known={['reminderDays', 'overdueDays']} />
        <fieldset disabled={!props.canWrite}>
          <table class="table">
            <caption class="sr-only">Billing emails</caption>
            <thead>
              <tr>
                <th scope="col">Send</th>
                <th scope="col">Email</th>
                <th scope="col">Wording</th>
              </tr>
            </thead>
            <tbody>
              {props.events.map((r) => (
                <tr>
                  <td>
                    <input
                      type="checkbox"
                      name="on[]"
                      value={r.event}
                      id={`on-${r.event}`}
                      checked={r.on}
                      aria-describedby={`when-${r.event}`}
                    />
                  </td>
                  <td>
                    <label for={`on-${r.event}`}>
                      <strong>{r.label}</strong>
                    </label>
                    <div class="hint" id={`when-${r.event}`}>
                      {r.when}
                    </div>
                  </td>
                  <td>
                    {props.languages.map((l) => (
                      <>
                        <a href={`/admin/settings/emails/${r.event}?lang=${l.code}`} aria-label={`Edit ${r.label} in ${l.name}`}>
                          {l.name}
                          {r.worded.includes(l.code) ? ' ✓' : ''}
                        </a>{' '}
                      </>
                    ))}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <h2>Reminder days</h2>
          <Field
            name="reminderDays"
            label="Payment reminder: days before the due date"
            value={props.reminderDays}
            error={e.reminderDays}
            hint="Whole days from 0 (the due date) to 365, separated by commas, e.g. 3 or 7, 3."
          />
          <Field
            name="overdueDays"
            label="Overdue notice: days after the due date"
            value={props.overdueDays}
            error={e.overdueDays}
            hint="Whole days from 1 to 365, separated by commas, e.g. 1, 7, 14."
          />
        </fieldset>
        {props.canWrite && (
          <div class="row-actions">
            <button type="submit" class="primary">
              Save email settings
            </button>
          </div>
        )}
      </form>
    </AdminLayout>
  );
}
