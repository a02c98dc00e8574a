import { describe, expect, it } from 'vitest';
import { renderPasswordEmail } from '../../../../../src/modules/clients/rules/password-email.ts';

const link = 'https://billing.example.com/account/reset-password?token=abc&x=1';

describe('renderPasswordEmail', () => {
  it('writes a reset email with the link in both bodies', () => {
    const mail = renderPasswordEmail('reset', { name: 'Ada', link });
    expect(mail.subject).toBe('Reset your password');
    expect(mail.text).toContain(`Hello Ada,`);
    expect(mail.text).toContain(link);
    expect(mail.text).toContain('1 hour');
    expect(mail.html).toContain('href="https://billing.example.com/account/reset-password?token=abc&amp;x=1"');
  });

  it('writes a set-password email valid 7 days', () => {
    const mail = renderPasswordEmail('set', { name: 'Ada', link });
    expect(mail.subject).toBe('Set your password');
    expect(mail.text).toContain('7 days');
  });

  it('escapes the name in HTML and greets a blank name kindly', () => {
    const mail = renderPasswordEmail('reset', { name: '<script>alert(1)</script>', link });
    expect(mail.html).not.toContain('<script>');
    expect(mail.html).toContain('&lt;script&gt;');
    expect(renderPasswordEmail('reset', { name: '  ', link }).text).toContain('Hello there,');
  });
});

describe('renderPasswordEmail in German', () => {
  it('writes the reset email in German, the link unchanged', () => {
    const link = 'https://billing.example.com/account/reset-password?token=abc';
    const mail = renderPasswordEmail('reset', { name: 'Jürgen', link }, 'de');
    expect(mail.subject).toBe('Passwort zurücksetzen');
    expect(mail.text).toContain('Hallo Jürgen,');
    expect(mail.text).toContain(link);
    expect(mail.html).toContain('Neues Passwort wählen');
  });
});
