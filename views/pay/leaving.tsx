import { raw } from 'hono/html';
import { currentLanguage, t } from '../../src/i18n/locale.ts';

// The step between our pay button and a gateway's hosted page. NOTE: our CSP keeps form posts
// on our origin (form-action 'self', enforced on redirects too), so a form cannot be answered
// with a redirect to the gateway; this page sends the browser on instead, with or without JS.

export function LeavingPage(props: { to: string; title: string }) {
  return (
    <>
      {raw('<!doctype html>')}
      <html lang={currentLanguage()}>
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <meta http-equiv="refresh" content={`0;url=${props.to}`} />
          <meta name="referrer" content="no-referrer" />
          <title>{props.title}</title>
          <link rel="icon" href="/assets/favicon.svg" type="image/svg+xml" />
          <link rel="stylesheet" href="/assets/app.css" />
        </head>
        <body class="gateway-page">
          <main class="gateway-box">
            <h1>{props.title}</h1>
            <p>{t('store:pay.leaving')}</p>
            <p>
              <a class="button primary" href={props.to}>
                {t('store:pay.continue')}
              </a>
            </p>
          </main>
        </body>
      </html>
    </>
  );
}
