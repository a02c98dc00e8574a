import type { ChangePagePreview } from '../../src/modules/scaling/preview-change-page.ts';
import type { ServiceChangePreview } from '../../src/modules/scaling/preview-service-change.ts';
import type { PendingChange } from '../../src/modules/scaling/load-service-change-summary.ts';
import { choiceText, chosenTerm, termText } from '../store/price-text.ts';
import { Csrf, FormErrors, Notice, type Errors } from './form.tsx';
import { date, money } from './money.ts';
import { addDays } from '../../src/modules/shared/dates.ts';
import { lineAmount } from './charges-table.tsx';
import { t, tm } from '../../src/i18n/locale.ts';
import { Trans } from './trans.tsx';
import { TotalsFoot } from './totals-foot.tsx';
import { RadioGroup } from './radio-group.tsx';
import { OptionGroupControl } from '../store/_option-control.tsx';
import { PAGE_FIELDS } from '../../src/modules/orders/rules/option-fields.ts';
import { CouponField } from './coupon-field.tsx';

// The change-package panel the client's and the staff's pages share: the choices, the preview of
// the credit and charge lines, and the confirmation of the choice at the previewed totals. The preview
// route swaps the whole panel (the prices and options follow the chosen package).

/** The lines, totals and what happens next, exactly as the confirmation will charge or credit. */
export function ChangePreview(props: { preview: ServiceChangePreview }) {
  const p = props.preview;
  const m = (v: string) => money(v, p.currency, p.minorUnits);
  const renewal =
    p.renewal && p.term
      ? t('common:change.renewal', { amount: m(p.renewal.amount), term: termText(p.term.intervalCount, p.term.period) })
      : null;
  return (
    <section id="change-preview" class="summary" aria-labelledby="change-preview-title" aria-live="polite">
      <h3 id="change-preview-title">
        {p.from.packageId === p.to.packageId
          ? t('common:change.newOptions', { name: p.to.packageName, price: p.to.priceName })
          : `${p.from.packageName} → ${p.to.packageName} (${p.to.priceName})`}
      </h3>
      <table class="table compact summary-lines">
        <caption class="sr-only">{t('common:change.caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('common:charges.item')}</th>
            <th scope="col" class="num">
              {t('common:charges.amount')}
            </th>
          </tr>
        </thead>
        <tbody>
          {p.lines.map((l) => (
            <tr class={`line-${l.kind}`}>
              <td>{l.description}</td>
              <td class="num nowrap">{lineAmount(l.amount, p.currency)}</td>
            </tr>
          ))}
          <tr class="line-net">
            <td>
              <strong>{t('common:change.net')}</strong> <span class="muted small">{t('common:change.netNote')}</span>
            </td>
            <td class="num nowrap">
              <strong id="change-net">{lineAmount(p.net, p.currency)}</strong>
            </td>
          </tr>
        </tbody>
        {p.outcome === 'invoice' ? (
          <TotalsFoot
            totals={p}
            currency={p.currency}
            minorUnits={p.minorUnits}
            totalLabel={t('common:change.dueNow')}
            totalId="change-total"
          />
        ) : (
          <tfoot>
            <tr class="total">
              <th scope="row">{t(p.outcome === 'credit' ? 'common:change.credited' : 'common:change.nothingToPay')}</th>
              <td class="num nowrap">
                <strong id="change-total">{m(p.outcome === 'credit' ? p.total.replace(/^-/, '') : '0')}</strong>
              </td>
            </tr>
          </tfoot>
        )}
      </table>
      <dl class="facts">
        <dt>{t('common:change.currentPeriod')}</dt>
        <dd>
          {/* Its last day, as the service page and the invoice lines write a period. */}
          {t('common:change.period', {
            start: date(p.period.start),
            end: date(addDays(p.period.end, -1)),
            count: p.daysInPeriod,
            left: p.daysLeft,
          })}
        </dd>
        <dt>{t('common:change.nextDue')}</dt>
        <dd id="change-next-due">
          {p.nextDueDate
            ? p.nextDueDate === p.period.end
              ? t('common:change.unchanged', { date: date(p.nextDueDate) })
              : date(p.nextDueDate)
            : t('common:change.noNextDue')}
        </dd>
        <dt>{t('common:change.renewsFor')}</dt>
        <dd>{renewal ?? t('common:change.noRenewal')}</dd>
        {p.balanceCredit && p.balanceCredit.currency !== p.currency && (
          <>
            <dt>{t('common:change.addedToBalance')}</dt>
            <dd>{t('common:change.converted', { amount: money(p.balanceCredit.amount, p.balanceCredit.currency, 2) })}</dd>
          </>
        )}
        {p.addons.kept.length > 0 && (
          <>
            <dt>{t('common:change.addonsKept')}</dt>
            <dd id="change-addons-kept">
              {p.addons.kept
                .map((a) =>
                  a.renewal
                    ? t('common:change.addonKept', { name: `${a.packageName} #${a.id}`, price: a.priceName, amount: m(a.renewal) })
                    : `${a.packageName} #${a.id}`,
                )
                .join('; ')}
            </dd>
          </>
        )}
        {p.addons.ended.length > 0 && (
          <>
            <dt>{t('common:change.addonsEnding')}</dt>
            <dd id="change-addons-ended">
              {t('common:change.addonsEnded', { names: p.addons.ended.map((a) => `${a.packageName} #${a.id}`).join('; ') })}
            </dd>
          </>
        )}
      </dl>
    </section>
  );
}

/**
 * The confirmation sends the choice form as it stands, with the totals the preview showed: a choice
 * edited after its preview (without JavaScript, nothing previews it again) is refused as changed since
 * the preview, with the new one's preview, instead of confirming what was previewed before it.
 */
function ConfirmForm(props: { base: string; preview: ServiceChangePreview }) {
  const p = props.preview;
  const m = (v: string) => money(v, p.currency, p.minorUnits);
  const label =
    p.outcome === 'invoice'
      ? // Staff raise the invoice; the client pays it.
        t(props.base.startsWith('/admin/') ? 'common:change.confirmInvoice' : 'common:change.confirmPay', { amount: m(p.total) })
      : t(p.outcome === 'credit' ? 'common:change.confirmCredit' : 'common:change.confirm');
  const expected: [string, string][] = [
    ['expectedNet', p.net],
    ['expectedTotal', p.total],
    ['expectedCurrency', p.currency],
    ['effectiveDate', p.effectiveDate],
    ['expectedChoice', p.choiceKey],
  ];
  return (
    <div class="row-actions" id="change-confirm">
      {expected.map(([name, value]) => (
        <input type="hidden" form="change-form" name={name} value={value} />
      ))}
      <button type="submit" form="change-form" formaction={`${props.base}/confirm`} class="primary" id="change-confirm-button">
        {label}
      </button>
      <span class="muted small">{t(p.outcome === 'invoice' ? 'common:change.appliesWhenPaid' : 'common:change.appliesAtOnce')}</span>
    </div>
  );
}

export function ChangePanel(props: ChangePagePreview & { base: string; csrfToken: string | null }) {
  const { page, choice, errors, preview } = props;
  const target = page.targets.find((t) => t.id === choice.packageId);
  const currency = page.service.currency;
  const groupField = (id: number) => `options-${id}`;
  return (
    <div id="change-panel" class="stack">
      <FormErrors
        errors={errors}
        known={[
          'packageId',
          'priceName',
          ...(props.couponsForChanges ? ['couponCode'] : []),
          ...(target?.groups ?? []).map((g) => groupField(g.id)),
        ]}
      />
      <form
        id="change-form"
        method="post"
        action={`${props.base}/preview`}
        hx-post={`${props.base}/preview`}
        hx-target="#change-panel"
        hx-swap="outerHTML"
        hx-trigger="submit, change"
        class="stack"
      >
        <Csrf token={props.csrfToken} />
        <input type="hidden" name="shown" value={choice.packageId === null ? '' : String(choice.packageId)} />
        <RadioGroup
          name="packageId"
          field="packageId"
          legend={t('common:change.moveTo')}
          checked={String(choice.packageId ?? '')}
          error={errors.packageId}
          radios={page.targets.map((t) => ({ id: `target-${t.id}`, value: String(t.id), label: t.name }))}
        />
        {target && (
          <RadioGroup
            name="priceName"
            field="priceName"
            legend={t('common:change.billing')}
            checked={choice.priceName}
            error={errors.priceName}
            radios={target.prices.map((p, i) => ({
              id: `price-${i}`,
              value: p.name,
              label: choiceText(p.name, p, currency),
              extra:
                p.type === 'recurring' && p.renewalAmount !== null && p.renewalAmount !== p.amount
                  ? t('common:change.renewsAt', { amount: money(p.renewalAmount, currency.code, currency.minorUnits) })
                  : undefined,
            }))}
          />
        )}
        {target?.groups.map((g) => (
          <OptionGroupControl
            group={g}
            values={choice}
            names={PAGE_FIELDS}
            field={groupField(g.id)}
            error={errors[groupField(g.id)]}
            label={g.name}
            priceName={choice.priceName}
            currency={currency}
            term={chosenTerm(target.prices, choice.priceName)}
          />
        ))}
        {props.couponsForChanges && target && (
          <CouponField
            code={props.couponCode}
            error={errors.couponCode}
            coupon={preview?.coupon ?? null}
            currency={currency}
            action={`${props.base}/preview`}
            target="#change-panel"
          />
        )}
        {/* One package at one price, previewed at once: nothing left to choose, so no button to press. */}
        {!(preview && page.targets.length === 1 && target?.prices.length === 1 && !target.groups.length) && (
          <div class="row-actions">
            <button type="submit" id="change-preview-button">
              {t('common:change.preview')}
            </button>
            <span class="htmx-indicator muted small">{t('common:change.working')}</span>
          </div>
        )}
      </form>
      {preview && <ChangePreview preview={preview} />}
      {preview && <ConfirmForm base={props.base} preview={preview} />}
    </div>
  );
}

/** A change confirmed but not yet paid, on a service page. */
export function PendingChangeNotice(props: { pending: PendingChange; invoiceHref: (id: number) => string }) {
  const c = props.pending;
  return (
    <Notice kind="info">
      <Trans
        k={c.invoiceId === null ? 'common:change.pending' : c.total ? 'common:change.pendingInvoiceTotal' : 'common:change.pendingInvoice'}
        values={{ total: c.total ? money(c.total, c.currency, c.minorUnits) : '' }}
        parts={{
          target: (
            <>
              <strong>{c.toPackageName}</strong>
              {c.toPriceName ? ` (${c.toPriceName})` : ''}
            </>
          ),
          invoice: c.invoiceId !== null && (
            <a href={props.invoiceHref(c.invoiceId)}>{t('common:change.invoice', { number: c.invoiceNumber })}</a>
          ),
        }}
      />
    </Notice>
  );
}

export type { Errors };

/**
 * The change page's body, the same for a client and for staff: what the service is now, a change
 * waiting for payment, then the choices and preview (or why there is nothing to choose).
 */
export function ChangePageBody(
  props: ChangePagePreview & {
    base: string;
    csrfToken: string | null;
    crumbs: { href: string; label: string }[];
    who?: string;
    intro: string;
    invoiceHref: (id: number) => string;
  },
) {
  const s = props.page.service;
  return (
    <>
      <p class="crumbs">
        {props.crumbs.map((c) => (
          <>
            <a href={c.href}>{c.label}</a> /{' '}
          </>
        ))}
      </p>
      <h1>{t('common:change.title')}</h1>
      <p class="lead">
        {props.who ? `${props.who}: ` : ''}
        {s.packageName}
        {s.priceName ? ` (${s.priceName})` : ''}
        {s.renewal ? t('common:change.leadTerm', { amount: money(s.renewal, s.currency.code, s.currency.minorUnits) }) : ''}
        {s.nextDueDate ? t('common:change.leadNextDue', { date: date(s.nextDueDate) }) : ''}.
      </p>
      {props.page.pending && (
        <>
          <PendingChangeNotice pending={props.page.pending} invoiceHref={props.invoiceHref} />
          <p class="muted small">{t('common:change.replaces')}</p>
        </>
      )}
      {props.page.unavailable ? (
        <Notice kind="warn">{tm(props.page.unavailable)}</Notice>
      ) : (
        <section class="card" aria-label={t('common:change.choose')}>
          <p class="muted small">{props.intro}</p>
          <ChangePanel {...props} />
        </section>
      )}
    </>
  );
}
