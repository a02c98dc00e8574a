/** What a card does on the hosted page, and later when charged off-session (Stripe's test numbers). */
export interface TestCard {
  brand: 'visa' | 'mastercard';
  onPage: 'ok' | '3ds' | 'insufficient_funds';
  offSession: 'ok' | 'card_declined' | 'insufficient_funds' | 'authentication_required';
}

export const TEST_CARDS: Record<string, TestCard> = {
  '4242424242424242': { brand: 'visa', onPage: 'ok', offSession: 'ok' },
  '5555555555554444': { brand: 'mastercard', onPage: 'ok', offSession: 'ok' },
  // Once authenticated and saved, Stripe lets later off-session charges through.
  '4000002500003155': { brand: 'visa', onPage: '3ds', offSession: 'ok' },
  '4000000000009995': { brand: 'visa', onPage: 'insufficient_funds', offSession: 'insufficient_funds' },
  '4000000000000341': { brand: 'visa', onPage: 'ok', offSession: 'card_declined' },
  '4000002760003184': { brand: 'visa', onPage: 'ok', offSession: 'authentication_required' },
};

export const normaliseCardNumber = (raw: string) => raw.replace(/[\s-]/g, '');

export interface Decline {
  code: string;
  decline_code: string;
  message: string;
}

export const DECLINES: Record<Exclude<TestCard['offSession'], 'ok'>, Decline> = {
  card_declined: { code: 'card_declined', decline_code: 'generic_decline', message: 'Your card was declined.' },
  insufficient_funds: { code: 'card_declined', decline_code: 'insufficient_funds', message: 'Your card has insufficient funds.' },
  authentication_required: {
    code: 'authentication_required',
    decline_code: 'authentication_required',
    message: 'Your card was declined. This transaction requires authentication.',
  },
};

/** "12 / 34", "12/2034" -> month and four-digit year; a missing or odd expiry gets a future default. */
export function parseExpiry(raw: string | undefined): { month: number; year: number } {
  const m = /^\s*(\d{1,2})\s*\/\s*(\d{2}|\d{4})\s*$/.exec(raw ?? '');
  if (!m) return { month: 12, year: new Date().getUTCFullYear() + 5 };
  const year = Number(m[2]);
  return { month: Math.min(12, Math.max(1, Number(m[1]))), year: year < 100 ? 2000 + year : year };
}
