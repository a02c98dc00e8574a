import { raw } from 'hono/html';
import type { InvoiceDetail } from '../../src/modules/invoicing/load-invoice.ts';
import { transferReference } from '../../src/modules/payments/rules/transfer-reference.ts';
import { Csrf } from '../components/form.tsx';
import { money } from '../components/money.ts';
import { currentLanguage, t } from '../../src/i18n/locale.ts';

const MERCHANT = 'Hostbill';

// The test gateway's "hosted" payment page. It stands apart from the client area on purpose (its
// own frame, no site navigation), the way a real gateway's page would, so demos feel true.

export function TestGatewayPage(props: { invoice: InvoiceDetail; csrfToken: string | null }) {
  const i = props.invoice;
  const action = (outcome: string) => `/pay/test/${i.id}/${outcome}`;
  return (
    <>
      {raw('<!doctype html>')}
      <html lang={currentLanguage()}>
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <title>{t('store:pay.testTitle')}</title>
          <link rel="icon" href="/assets/favicon.svg" type="image/svg+xml" />
          <link rel="stylesheet" href="/assets/app.css" />
        </head>
        <body class="gateway-page">
          <main class="gateway-box" aria-labelledby="gw-title">
            <p class="gateway-brand">TestPay</p>
            <p class="muted small">{t('store:pay.testMode')}</p>
            <h1 id="gw-title">{t('store:pay.payTo', { merchant: MERCHANT })}</h1>
            <dl class="facts">
              <dt>{t('store:pay.for')}</dt>
              <dd>{t('store:pay.invoice', { number: transferReference(i) })}</dd>
              <dt>{t('store:pay.customer')}</dt>
              <dd>{i.clientEmail}</dd>
              <dt>{t('store:pay.amount')}</dt>
              <dd>
                <strong class="gateway-amount">{money(i.amountDue, i.currency, i.minorUnits)}</strong>
              </dd>
            </dl>
            <div class="gateway-actions">
              <form method="post" action={action('approve')}>
                <Csrf token={props.csrfToken} />
                <button type="submit" class="primary">
                  {t('store:pay.approve')}
                </button>
              </form>
              <form method="post" action={action('decline')}>
                <Csrf token={props.csrfToken} />
                <button type="submit" class="danger">
                  {t('store:pay.decline')}
                </button>
              </form>
            </div>
            <p class="small">
              <a href={`/account/invoices/${i.id}`}>{t('store:pay.cancel', { merchant: MERCHANT })}</a>
            </p>
          </main>
        </body>
      </html>
    </>
  );
}
