import { describe, expect, it } from 'vitest';
import { layoutEmailHtml, textFromHtml } from '../../../../src/modules/mail/email-html.ts';

describe('layoutEmailHtml', () => {
  it('wraps the body and inlines the email CSS; what staff styled inline wins', () => {
    const out = layoutEmailHtml('<h1 style="color:#0055aa">Hi {client.name}</h1><div>Text <a href="https://x.example/">link</a></div>');
    expect(out).toMatch(
      /^<div class="email-body" style="font-family: Arial, Helvetica, sans-serif; font-size: 15px; line-height: 1.5; color: #1f2933;">/,
    );
    expect(out).toContain(
      '<h1 style="font-size: 22px; line-height: 1.3; font-weight: bold; margin: 0 0 12px; color: #0055aa;">Hi {client.name}</h1>',
    );
    expect(out).toContain('<a href="https://x.example/" style="color: #1d4ed8; text-decoration: underline;">link</a>');
    expect(out).not.toContain('<style');
  });

  it('leaves an empty body empty (the email then goes as text only)', () => {
    expect(layoutEmailHtml('')).toBe('');
    expect(layoutEmailHtml('  \n')).toBe('');
  });
});

describe('textFromHtml', () => {
  it.each([
    ['<h1>Ready</h1><div>Hello {client.name}<br>Bye</div>', 'Ready\n\nHello {client.name}\nBye'],
    ['<ul><li>One</li><li>Two</li></ul>', ' * One\n * Two'],
    [
      '<div><a href="https://panel.example.com/">the panel</a> and <a href="https://x.example/">https://x.example/</a></div>',
      'the panel [https://panel.example.com/] and https://x.example/',
    ],
    ['<blockquote>Quoted</blockquote><pre>ssh  root@{webhook.server}</pre>', '> Quoted\n\nssh  root@{webhook.server}'],
    ['<div>Fish &amp; chips <img src="https://x.example/a.png" alt="logo"></div>', 'Fish & chips'],
  ])('%s', (html, text) => {
    expect(textFromHtml(html)).toBe(text);
  });
});
