import type { GatewayOffer } from '../../src/modules/payments/gateway.ts';
import type { InvoiceDetail } from '../../src/modules/invoicing/load-invoice.ts';
import { ClientLayout, type ClientPageProps } from './layout.tsx';
import { Csrf, FormErrors, Notice, type Errors } from '../components/form.tsx';
import { InvoiceLines, InvoiceStatus, RefundBadge, PaymentsTable } from '../components/invoice-lines.tsx';
import { date, money } from '../components/money.ts';
import { Trans } from '../components/trans.tsx';
import { currentLanguage, t } from '../../src/i18n/locale.ts';
import { translator } from '../../src/i18n/i18n.ts';
import type { InvoiceRefunds } from '../../src/modules/invoicing/load-invoice-refunds.ts';
import { CreditNotesTable } from '../components/refunds-table.tsx';
import { invoiceNumber } from '../../src/modules/invoicing/rules/invoice-document.ts';
import { OverdueMark } from './tables.tsx';

type Worded = 'label' | 'button' | 'note' | 'refusal';

// NOTE: the gateways word their offers in English (src/modules/payments). Another language shows
// the translation of a wording only while the gateway's text is still the English one of the same
// key (so a gateway that words it differently is shown as it wrote it), and reads the values of
// the two wordings that carry some back out of the English.
const CARRIED: Partial<Record<Worded, [RegExp, string, string[]][]>> = {
  note: [
    [
      /^Pay on our card processor's secure page\. Your (.+) card ending (\d+) is saved for renewals\.$/,
      'noteSavedCard',
      ['brand', 'last4'],
    ],
    [/^Takes (.+) off this invoice; pay the remaining (.+) another way\.$/, 'notePartial', ['amount', 'rest']],
  ],
  button: [[/^Apply my credit$/, 'buttonPartial', []]],
  refusal: [[/^Your credit is held in (\w+); this invoice is in (\w+)\.$/, 'refusalCurrency', ['credit', 'invoice']]],
};

/** An amount a gateway wrote the English way ("1,227.25 EUR") as the page's language writes it; anything else as it is. */
function localMoney(value: string): string {
  const m = /^(-?\d{1,3}(?:,\d{3})*(?:\.(\d+))?) ([A-Z]{3})$/.exec(value);
  return m ? money(m[1]!.replaceAll(',', ''), m[3]!, m[2]?.length ?? 0) : value;
}

function known(key: string, english: string): string {
  return currentLanguage() !== 'en' && translator('en')(key) === english ? t(key) : english;
}

function worded(o: GatewayOffer, field: Worded): string {
  const english = (o as Partial<Record<Worded, string | null>>)[field] ?? '';
  for (const [pattern, key, names] of currentLanguage() === 'en' ? [] : (CARRIED[field] ?? [])) {
    const m = pattern.exec(english);
    if (m) return t(`client:invoice.gateways.${o.key}.${key}`, Object.fromEntries(names.map((n, i) => [n, localMoney(m[i + 1]!)])));
  }
  return english && known(`client:invoice.gateways.${o.key}.${field}`, english);
}

function Offer(props: { offer: GatewayOffer; invoice: InvoiceDetail; csrfToken: string | null }) {
  const o = props.offer;
  const i = props.invoice;
  if (o.kind === 'instructions') {
    return (
      <li class="gateway" id={`pay-${o.key}`}>
        <h3>{worded(o, 'label')}</h3>
        <p>
          <Trans
            k="client:invoice.transfer"
            parts={{ amount: <strong>{money(i.amountDue, i.currency, i.minorUnits)}</strong>, reference: <code>{o.reference}</code> }}
          />
        </p>
        <address class="bank">
          {o.lines.map((l) => (
            <div>{known('client:invoice.gateways.manual.noDetails', l)}</div>
          ))}
        </address>
        <p class="muted small">{worded(o, 'note')}</p>
      </li>
    );
  }
  return (
    <li class="gateway" id={`pay-${o.key}`}>
      <h3>{worded(o, 'label')}</h3>
      <p class="muted small">{worded(o, 'note')}</p>
      {o.balance && (
        <p>
          {t('client:invoice.balance', {
            amount: money(o.balance.amount, o.balance.currency, o.balance.currency === i.currency ? i.minorUnits : 2),
          })}
        </p>
      )}
      <form method="post" action={o.action}>
        <Csrf token={props.csrfToken} />
        {o.saveCard && (
          // NOTE: the box inside its label, so a long label wraps beside it in a narrow column instead of dropping below it.
          <div class="field checkbox">
            <label>
              <input type="checkbox" name="save_card" checked /> {t('client:invoice.saveCard')}
            </label>
          </div>
        )}
        <button type="submit" class="primary" disabled={o.refusal !== null} aria-describedby={o.refusal ? `pay-${o.key}-why` : undefined}>
          {worded(o, 'button')}
        </button>
        {o.refusal && (
          <p class="hint" id={`pay-${o.key}-why`}>
            {worded(o, 'refusal')}
          </p>
        )}
      </form>
    </li>
  );
}

export function InvoicePage(
  props: ClientPageProps & {
    invoice: InvoiceDetail;
    refunds: InvoiceRefunds;
    offers: GatewayOffer[];
    /** The calendar date (UTC), for the overdue mark. */
    today: string;
    /** An unpaid order's invoice: when the order is cancelled if still unpaid. */
    orderDeadline?: Date | null;
    errors?: Errors;
    problem?: string;
  },
) {
  const i = props.invoice;
  const pending = props.refunds.refunds.filter((r) => r.status === 'pending');
  return (
    <ClientLayout {...props} title={t('client:invoice.title', { number: invoiceNumber(i) })} active="invoices">
      <p class="crumbs">
        <a href="/account/invoices">{t('client:invoices.title')}</a> /
      </p>
      <div class="heading">
        <h1>
          {t('client:invoice.title', { number: invoiceNumber(i) })} <InvoiceStatus status={i.status} />{' '}
          <RefundBadge refunded={props.refunds.refunded} total={i.total} />
        </h1>
        <a class="button" href={`/account/invoices/${i.id}/pdf`} download>
          {t('client:invoice.downloadPdf')}
        </a>
      </div>
      {props.problem && <Notice kind="error">{props.problem}</Notice>}
      <FormErrors errors={props.errors} />
      {i.status === 'void' && <Notice kind="warn">{t('client:invoice.void')}</Notice>}
      {i.status === 'unpaid' && props.orderDeadline && (
        <Notice kind="warn">
          {t('client:invoice.orderDeadline', { at: `${props.orderDeadline.toISOString().slice(0, 16).replace('T', ' ')} UTC` })}
        </Notice>
      )}
      <section class="card">
        <dl class="facts">
          <dt>{t('client:invoice.facts.issued')}</dt>
          <dd>{date(i.createdAt)}</dd>
          <dt>{t('client:invoice.facts.due')}</dt>
          <dd>
            {date(i.dueDate)} <OverdueMark status={i.status} dueDate={i.dueDate} today={props.today} />
          </dd>
          {i.orderId !== null && (
            <>
              <dt>{t('client:invoice.facts.order')}</dt>
              <dd>#{i.orderId}</dd>
            </>
          )}
          {i.paidAt && (
            <>
              <dt>{t('client:invoice.facts.paid')}</dt>
              <dd>{date(i.paidAt)}</dd>
            </>
          )}
        </dl>
        <InvoiceLines invoice={i} />
      </section>
      {i.status === 'unpaid' && (
        <section class="card" aria-labelledby="pay-title">
          <h2 id="pay-title">{t('client:invoice.payTitle')}</h2>
          <ul class="gateways">
            {props.offers.map((o) => (
              <Offer offer={o} invoice={i} csrfToken={props.csrfToken ?? null} />
            ))}
          </ul>
        </section>
      )}
      {i.payments.length > 0 && (
        <section class="card">
          <h2>{t('client:invoice.payments')}</h2>
          <PaymentsTable invoice={i} />
        </section>
      )}
      {(props.refunds.creditNotes.length > 0 || pending.length > 0) && (
        <section class="card">
          <h2>{t('client:invoice.refunds')}</h2>
          {pending.map((r) => (
            <p>{t('client:invoice.refundPending', { amount: money(r.amount.replace('-', ''), i.currency, i.minorUnits) })}</p>
          ))}
          <CreditNotesTable
            notes={props.refunds.creditNotes}
            currency={i.currency}
            minorUnits={i.minorUnits}
            pdfHref={(id) => `/account/credit-notes/${id}/pdf`}
          />
        </section>
      )}
    </ClientLayout>
  );
}
