import { escapeHtml } from '../../shared/escape-html.ts';
import type { TokenPurpose } from './password-token.ts';

// The two password emails, plain and friendly: a short HTML body and the same words as text.

export interface PasswordEmail {
  subject: string;
  html: string;
  text: string;
}

const COPY: Record<TokenPurpose, { subject: string; intro: string; button: string; validity: string; outro: string }> = {
  reset: {
    subject: 'Reset your password',
    intro: 'Someone (we hope you) asked to reset the password for your account.',
    button: 'Choose a new password',
    validity: 'The link works once, for 1 hour.',
    outro: 'If you did not ask for this, you can ignore this email: your password stays as it is.',
  },
  set: {
    subject: 'Set your password',
    intro: 'An account has been created for you. Choose a password to sign in.',
    button: 'Set your password',
    validity: 'The link works once, for 7 days. After that, use "Forgot your password?" on the sign-in page.',
    outro: 'If you were not expecting this, you can ignore this email.',
  },
};

export function renderPasswordEmail(purpose: TokenPurpose, input: { name: string; link: string }): PasswordEmail {
  const c = COPY[purpose];
  const name = input.name.trim() || 'there';
  const html = [
    `<p>Hello ${escapeHtml(name)},</p>`,
    `<p>${escapeHtml(c.intro)}</p>`,
    `<p><a href="${escapeHtml(input.link)}">${escapeHtml(c.button)}</a></p>`,
    `<p>${escapeHtml(c.validity)}</p>`,
    `<p>${escapeHtml(c.outro)}</p>`,
  ].join('\n');
  const text = [`Hello ${name},`, '', c.intro, '', `${c.button}:`, input.link, '', c.validity, '', c.outro, ''].join('\n');
  return { subject: c.subject, html, text };
}
