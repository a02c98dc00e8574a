import type Stripe from 'stripe';

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

// Stripe counts most currencies in hundredths, but these in whole units or thousandths.
const ZERO_DECIMAL = new Set([
  'bif',
  'clp',
  'djf',
  'gnf',
  'jpy',
  'kmf',
  'krw',
  'mga',
  'pyg',
  'rwf',
  'ugx',
  'vnd',
  'vuv',
  'xaf',
  'xof',
  'xpf',
]);
const THREE_DECIMAL = new Set(['bhd', 'jod', 'kwd', 'omr', 'tnd']);

export function formatAmount(amount: number, currency: string): string {
  const digits = ZERO_DECIMAL.has(currency) ? 0 : THREE_DECIMAL.has(currency) ? 3 : 2;
  return `${(amount / 10 ** digits).toFixed(digits)} ${currency.toUpperCase()}`;
}

function layout(body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Stand-in checkout</title></head>
<body><main>
<h1>Stand-in checkout</h1>
${body}
</main></body></html>`;
}

export function cardPage(session: Stripe.Checkout.Session, message?: string): string {
  const setup = session.mode === 'setup';
  const what = setup
    ? '<p id="summary">Save a card</p>'
    : `<p id="summary">${escape(formatAmount(session.amount_total ?? 0, session.currency ?? 'usd'))}</p>`;
  const cancel = session.cancel_url ? `<a href="${escape(session.cancel_url)}">Cancel</a>` : '';
  return layout(`${what}
${message ? `<p role="alert">${escape(message)}</p>` : ''}
<form method="post" action="/c/pay/${escape(session.id)}">
<label for="card">Card number</label> <input id="card" name="card" inputmode="numeric" autocomplete="cc-number" required>
<label for="exp">Expiry</label> <input id="exp" name="exp" placeholder="MM / YY" autocomplete="cc-exp">
<label for="cvc">CVC</label> <input id="cvc" name="cvc" inputmode="numeric" autocomplete="cc-csc">
<button type="submit">${setup ? 'Save card' : 'Pay'}</button>
</form>
${cancel}`);
}

export function challengePage(session: Stripe.Checkout.Session): string {
  const button = (outcome: string, label: string) =>
    `<form method="post" action="/c/pay/${escape(session.id)}/3ds"><input type="hidden" name="outcome" value="${outcome}"><button type="submit">${label}</button></form>`;
  return layout(`<h2>Authenticate this payment</h2>
<p>Your bank asks you to confirm this ${session.mode === 'setup' ? 'card' : 'payment'}.</p>
${button('complete', 'Complete authentication')}
${button('fail', 'Fail authentication')}`);
}

export function closedPage(session: Stripe.Checkout.Session): string {
  const text = session.status === 'complete' ? 'This checkout session is already complete.' : 'This checkout session has expired.';
  return layout(`<p role="alert">${text}</p>`);
}

export function notFoundPage(): string {
  return layout('<p role="alert">Something went wrong: this checkout session does not exist.</p>');
}
